package dev.videopipeline.common.video;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VideoItemsTest {

    @Test
    void everyAttributeSurvivesTheRoundTrip() {
        var video = new Video("id-1", "ann@example.com", "Holiday", "IMG_0001.MOV", 1234L,
                "uploads/id-1/source", VideoStatus.READY, 100,
                new Probe(12.5, 1920, 1080, "h264", null, 90, 29.97),
                List.of(new Rendition("720p", 1280, 720, 3000, "media/id-1/720p.mp4")),
                "media/id-1/hls/master.m3u8", "media/id-1/poster.jpg", null, 2,
                Instant.parse("2026-11-21T10:05:00Z"),
                new Notification(Notification.Status.SENT, VideoStatus.READY, null, null,
                        Instant.parse("2026-11-21T10:00:05.123Z"), "m-1", null),
                Instant.parse("2026-11-21T10:00:00Z"), Instant.parse("2026-11-21T10:00:04.500Z"), 7);

        assertThat(VideoItems.fromItem(VideoItems.toItem(video))).isEqualTo(video);
    }

    @Test
    void claimedAndRefusedNotificationsSurviveTheRoundTrip() {
        var claimed = new Notification(Notification.Status.SENDING, VideoStatus.FAILED,
                Instant.parse("2026-11-21T10:01:00.250Z"), "claim-1", null, null, null);
        var refused = new Notification(Notification.Status.FAILED, VideoStatus.READY, null, null, null, null,
                "Address blacklisted.");

        assertThat(VideoItems.notification(VideoItems.notification(claimed).m())).isEqualTo(claimed);
        assertThat(VideoItems.notification(VideoItems.notification(refused).m())).isEqualTo(refused);
    }

    @Test
    void notificationWrittenBeforeOutcomesExistedStillReads() {
        var old = Map.of("status", AttributeValue.fromS("SENT"), "sentAt", AttributeValue.fromS("2026-11-21T10:00:05.123Z"),
                "messageId", AttributeValue.fromS("m-1"));

        assertThat(VideoItems.notification(old)).isEqualTo(new Notification(Notification.Status.SENT, null, null, null,
                Instant.parse("2026-11-21T10:00:05.123Z"), "m-1", null));
    }

    @Test
    void rotatedPictureIsShownWithItsSidesSwapped() {
        var upright = new Probe(1, 1920, 1080, "h264", "aac", 90, 30);

        assertThat(upright.displayWidth()).isEqualTo(1080);
        assertThat(upright.displayHeight()).isEqualTo(1920);
        assertThat(new Probe(1, 1920, 1080, "h264", "aac", 180, 30).displayWidth()).isEqualTo(1920);
    }

    @Test
    void creationTimesSortAsText() {
        String whole = Timestamps.format(Instant.parse("2026-11-21T10:00:00Z"));
        String later = Timestamps.format(Instant.parse("2026-11-21T10:00:00.001Z"));

        assertThat(whole).isEqualTo("2026-11-21T10:00:00.000Z");
        assertThat(whole).isLessThan(later);
    }
}
