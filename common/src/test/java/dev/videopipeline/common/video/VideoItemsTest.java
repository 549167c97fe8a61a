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
        var video = new Video("id-1", new Owner("ann", "ann@example.com"), "Holiday", "IMG_0001.MOV", 1234L,
                "uploads/id-1/source", new CheckedSource(Container.QUICKTIME, "\"abc\""), VideoStatus.READY, 100,
                Probe.of(12.5, 1440, 1080, "mpeg2video", null, 90, 29.97, 4, 3, true),
                List.of(new Rendition("720p", 1280, 720, 3000, "media/id-1/720p.mp4", new Quality(41.25, 0.9812, 30)),
                        new Rendition("360p", 640, 360, 800, "media/id-1/360p.mp4")),
                "media/id-1/hls/master.m3u8", "media/id-1/poster.jpg", null, 2, 1,
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
        var upright = Probe.of(1, 1920, 1080, "h264", "aac", 90, 30);

        assertThat(upright.displayWidth()).isEqualTo(1080);
        assertThat(upright.displayHeight()).isEqualTo(1920);
        assertThat(Probe.of(1, 1920, 1080, "h264", "aac", 180, 30).displayWidth()).isEqualTo(1920);
    }

    @Test
    void nonSquarePixelsAreShownStretchedBeforeTheyAreTurned() {
        var hdv = Probe.of(1, 1440, 1080, "mpeg2video", null, 0, 25, 4, 3, true);
        var dvd = Probe.of(1, 720, 480, "mpeg2video", null, 0, 29.97, 32, 27, true);
        var hdvOnItsSide = Probe.of(1, 1440, 1080, "mpeg2video", null, 90, 25, 4, 3, true);

        assertThat(hdv.displayWidth()).isEqualTo(1920);
        assertThat(hdv.displayHeight()).isEqualTo(1080);
        assertThat(hdv.sampleAspectRatio()).isEqualTo("4:3");
        assertThat(dvd.displayWidth() / (double) dvd.displayHeight()).isCloseTo(16 / 9.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(hdvOnItsSide.displayWidth()).isEqualTo(1080);
        assertThat(hdvOnItsSide.displayHeight()).isEqualTo(1920);
    }

    @Test
    void probeRecordedBeforePixelShapeWasKnownReadsAsSquareAndProgressive() {
        var old = VideoItems.probe(Probe.of(2, 640, 360, "h264", "aac", 0, 25)).m();
        var written = new java.util.HashMap<>(old);
        List.of("sampleAspectRatio", "interlaced", "displayWidth", "displayHeight").forEach(written::remove);

        var read = VideoItems.fromItem(Map.of("id", AttributeValue.fromS("v"), "ownerEmail", AttributeValue.fromS("a@b.c"),
                "sourceKey", AttributeValue.fromS("k"), "status", AttributeValue.fromS("READY"),
                "probe", AttributeValue.fromM(written), "createdAt", AttributeValue.fromS("2026-11-21T10:00:00.000Z"),
                "updatedAt", AttributeValue.fromS("2026-11-21T10:00:00.000Z"), "version", AttributeValue.fromN("1"))).probe();

        assertThat(read).isEqualTo(Probe.of(2, 640, 360, "h264", "aac", 0, 25));
        assertThat(read.sampleAspectRatio()).isEqualTo("1:1");
    }

    @Test
    void anItemWrittenBeforeOwnersHadIdsIsOwnedByItsAddress() {
        var read = VideoItems.fromItem(Map.of("id", AttributeValue.fromS("v"), "ownerEmail", AttributeValue.fromS("a@b.c"),
                "sourceKey", AttributeValue.fromS("k"), "status", AttributeValue.fromS("READY"),
                "createdAt", AttributeValue.fromS("2026-11-21T10:00:00.000Z"),
                "updatedAt", AttributeValue.fromS("2026-11-21T10:00:00.000Z"), "version", AttributeValue.fromN("1")));

        assertThat(read.owner()).isEqualTo(new Owner("a@b.c", "a@b.c"));
        assertThat(VideoItems.toItem(read)).containsEntry("owner", AttributeValue.fromS("a@b.c"));
    }

    @Test
    void creationTimesSortAsText() {
        String whole = Timestamps.format(Instant.parse("2026-11-21T10:00:00Z"));
        String later = Timestamps.format(Instant.parse("2026-11-21T10:00:00.001Z"));

        assertThat(whole).isEqualTo("2026-11-21T10:00:00.000Z");
        assertThat(whole).isLessThan(later);
    }
}
