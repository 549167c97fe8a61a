package dev.videopipeline.common.video;

import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@LocalAwsTest
@MicronautTest
class NotificationClaimsIT {

    private static final Duration LEASE = Duration.ofMinutes(1);
    /** A lease that has already run out: what a mailer that crashed after its claim leaves behind. */
    private static final Duration EXPIRED = Duration.ofSeconds(-1);

    @Inject
    VideoRepository videos;

    @Inject
    NotificationClaims notifications;

    @Inject
    EncodingClaims encodings;

    @BeforeEach
    void clean(LocalAws aws) {
        aws.reset();
    }

    @Test
    void claimTakesAnUnmailedOutcomeWithALeaseAndRecordsTheSentMail() {
        String id = videoWithOutcome(VideoStatus.READY);

        Video claimed = notifications.claim(id, VideoStatus.READY, LEASE).orElseThrow();

        assertThat(claimed.notification().status()).isEqualTo(Notification.Status.SENDING);
        assertThat(claimed.notification().outcome()).isEqualTo(VideoStatus.READY);
        assertThat(claimed.notification().leaseUntil()).isAfter(Instant.now().plus(LEASE).minusSeconds(30));
        assertThat(notifications.sent(claimed, "ses-1")).isTrue();
        Notification sent = videos.find(id).orElseThrow().notification();
        assertThat(sent.status()).isEqualTo(Notification.Status.SENT);
        assertThat(sent.messageId()).isEqualTo("ses-1");
        assertThat(sent.sentAt()).isNotNull();
        assertThat(sent.outcome()).isEqualTo(VideoStatus.READY);
    }

    @Test
    void ofEightMailersClaimingTheSameNotificationAtOnceExactlyOneWins() throws Exception {
        String id = videoWithOutcome(VideoStatus.READY);
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Optional<Video>>> mailers = IntStream.range(0, 8).<Callable<Optional<Video>>>mapToObj(
                    i -> () -> notifications.claim(id, VideoStatus.READY, LEASE)).toList();
            long winners = 0;
            for (Future<Optional<Video>> result : pool.invokeAll(mailers)) {
                winners += result.get().isPresent() ? 1 : 0;
            }

            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sentOrRefusedMailIsNeverClaimedAgain() {
        String sent = videoWithOutcome(VideoStatus.READY);
        notifications.sent(notifications.claim(sent, VideoStatus.READY, EXPIRED).orElseThrow(), "ses-1");
        String refused = videoWithOutcome(VideoStatus.FAILED);
        assertThat(notifications.failed(notifications.claim(refused, VideoStatus.FAILED, LEASE).orElseThrow(),
                "Address blacklisted.")).isTrue();

        assertThat(notifications.claim(sent, VideoStatus.READY, LEASE)).isEmpty();
        assertThat(notifications.claim(refused, VideoStatus.FAILED, LEASE)).isEmpty();
        Notification failed = videos.find(refused).orElseThrow().notification();
        assertThat(failed.status()).isEqualTo(Notification.Status.FAILED);
        assertThat(failed.reason()).isEqualTo("Address blacklisted.");
    }

    @Test
    void liveClaimCannotBeTakenButOneWhoseLeaseRanOutCan() {
        String id = videoWithOutcome(VideoStatus.READY);
        notifications.claim(id, VideoStatus.READY, LEASE).orElseThrow();
        assertThat(notifications.claim(id, VideoStatus.READY, LEASE)).isEmpty();

        String crashed = videoWithOutcome(VideoStatus.READY);
        Video first = notifications.claim(crashed, VideoStatus.READY, EXPIRED).orElseThrow();
        Video second = notifications.claim(crashed, VideoStatus.READY, LEASE).orElseThrow();

        assertThat(notifications.sent(first, "ses-late")).as("the superseded mailer cannot record").isFalse();
        assertThat(notifications.failed(first, "late")).isFalse();
        assertThat(notifications.release(first)).isFalse();
        assertThat(notifications.sent(second, "ses-2")).isTrue();
        assertThat(videos.find(crashed).orElseThrow().notification().messageId()).isEqualTo("ses-2");
    }

    @Test
    void releasedClaimCanBeTakenAtOnce() {
        String id = videoWithOutcome(VideoStatus.FAILED);
        Video claimed = notifications.claim(id, VideoStatus.FAILED, LEASE).orElseThrow();

        assertThat(notifications.release(claimed)).isTrue();
        assertThat(videos.find(id).orElseThrow().notification().status()).isEqualTo(Notification.Status.PENDING);

        assertThat(notifications.claim(id, VideoStatus.FAILED, LEASE)).isPresent();
        assertThat(notifications.sent(claimed, "ses-late")).as("the released claim is gone").isFalse();
    }

    @Test
    void notificationAboutAnOutcomeTheVideoDoesNotHaveIsNotClaimed() {
        String ready = videoWithOutcome(VideoStatus.READY);
        String encoding = uploadedVideo();
        encodings.claim(encoding, "message-1", LEASE).orElseThrow();

        assertThat(notifications.claim(ready, VideoStatus.FAILED, LEASE)).isEmpty();
        assertThat(notifications.claim(encoding, VideoStatus.READY, LEASE)).isEmpty();
        assertThat(notifications.claim(UUID.randomUUID().toString(), VideoStatus.READY, LEASE)).isEmpty();
        assertThatThrownBy(() -> notifications.claim(ready, VideoStatus.ENCODING, LEASE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherOutcomeGetsItsOwnMailAfterTheFirstWasSent() {
        String id = videoWithOutcome(VideoStatus.FAILED);
        notifications.sent(notifications.claim(id, VideoStatus.FAILED, LEASE).orElseThrow(), "ses-failed");
        // A later retry made it READY (written here as the item, since no transition leaves FAILED today).
        Video failed = videos.find(id).orElseThrow();
        videos.delete(id);
        videos.create(new Video(id, failed.owner(), null, null, 10L, failed.sourceKey(), null, VideoStatus.READY, 100,
                null, List.of(), null, null, null, 2, 0, null, failed.notification(), failed.createdAt(),
                Instant.now(), failed.version() + 1));

        Video claimed = notifications.claim(id, VideoStatus.READY, LEASE).orElseThrow();

        assertThat(claimed.notification().outcome()).isEqualTo(VideoStatus.READY);
        assertThat(notifications.claim(id, VideoStatus.FAILED, LEASE)).as("the old outcome is stale").isEmpty();
    }

    private String videoWithOutcome(VideoStatus outcome) {
        String id = uploadedVideo();
        Video claimed = encodings.claim(id, "message-1", LEASE).orElseThrow();
        VideoChange change = outcome == VideoStatus.FAILED
                ? VideoChange.with().failureReason("The file is not a video we can read.") : VideoChange.with();
        encodings.finish(claimed, outcome, change).orElseThrow();
        return id;
    }

    private String uploadedVideo() {
        var video = Video.uploading(UUID.randomUUID().toString(), new Owner("ann", "ann@example.com"), null, "clip.mp4", null,
                Instant.now());
        videos.create(video);
        videos.transition(video.id(), VideoStatus.UPLOADING, VideoStatus.UPLOADED, VideoChange.with().sizeBytes(10));
        return video.id();
    }
}
