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
class EncodingClaimsIT {

    private static final Duration LEASE = Duration.ofMinutes(5);
    /** A lease that has already run out: what a crashed worker leaves behind. */
    private static final Duration EXPIRED = Duration.ofSeconds(-1);

    @Inject
    VideoRepository videos;

    @Inject
    EncodingClaims claims;

    @BeforeEach
    void clean(LocalAws aws) {
        aws.reset();
    }

    @Test
    void claimTakesAnUploadedVideoAndNamesTheAttempt() {
        String id = uploadedVideo();

        Video claimed = claims.claim(id, "message-1", LEASE).orElseThrow();

        assertThat(claimed.status()).isEqualTo(VideoStatus.ENCODING);
        assertThat(claimed.attempts()).isEqualTo(1);
        assertThat(claimed.leaseUntil()).isAfter(Instant.now().plus(LEASE).minusSeconds(30));
    }

    @Test
    void ofEightWorkersClaimingTheSameVideoAtOnceExactlyOneWins() throws Exception {
        String id = uploadedVideo();
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Optional<Video>>> workers = IntStream.range(0, 8)
                    .<Callable<Optional<Video>>>mapToObj(i -> () -> claims.claim(id, "message-1", LEASE)).toList();
            long winners = 0;
            for (Future<Optional<Video>> result : pool.invokeAll(workers)) {
                winners += result.get().isPresent() ? 1 : 0;
            }

            assertThat(winners).isEqualTo(1);
            assertThat(videos.find(id).orElseThrow().attempts()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherMessageForALiveClaimIsACopyButNotTheClaimsOwnNorOneForAnExpiredClaim() {
        String id = uploadedVideo();
        claims.claim(id, "message-1", LEASE).orElseThrow();

        assertThat(claims.heldThroughAnother(id, "message-2")).isTrue();
        assertThat(claims.heldThroughAnother(id, "message-1")).isFalse();

        String crashed = uploadedVideo();
        claims.claim(crashed, "message-1", EXPIRED).orElseThrow();
        assertThat(claims.heldThroughAnother(crashed, "message-2")).as("nobody holds it any more").isFalse();
        assertThat(claims.heldThroughAnother(uploadedVideo(), "message-2")).as("not claimed").isFalse();
    }

    @Test
    void liveClaimCannotBeTakenButAnExpiredOneCan() {
        String id = uploadedVideo();
        claims.claim(id, "message-1", LEASE).orElseThrow();
        assertThat(claims.claim(id, "message-1", LEASE)).isEmpty();

        String crashed = uploadedVideo();
        claims.claim(crashed, "message-1", EXPIRED).orElseThrow();
        Video retaken = claims.claim(crashed, "message-1", LEASE).orElseThrow();

        assertThat(retaken.attempts()).isEqualTo(2);
    }

    @Test
    void supersededClaimCanNeitherReportProgressNorFinish() {
        String id = uploadedVideo();
        Video first = claims.claim(id, "message-1", EXPIRED).orElseThrow();
        Video second = claims.claim(id, "message-1", LEASE).orElseThrow();

        assertThat(claims.heartbeat(first, 50, LEASE)).isFalse();
        assertThat(claims.finish(first, VideoStatus.READY, VideoChange.with().hlsMasterKey("stale"))).isEmpty();
        assertThat(claims.release(first)).isFalse();

        assertThat(claims.heartbeat(second, 40, LEASE)).isTrue();
        Video ready = claims.finish(second, VideoStatus.READY, VideoChange.with().progress(100)
                .hlsMasterKey("media/" + id + "/hls/master.m3u8")).orElseThrow();
        assertThat(ready.status()).isEqualTo(VideoStatus.READY);
        assertThat(ready.hlsMasterKey()).isEqualTo("media/" + id + "/hls/master.m3u8");
        assertThat(ready.leaseUntil()).isNull();
    }

    @Test
    void heartbeatRecordsProgressAndExtendsTheLease() {
        String id = uploadedVideo();
        Video claimed = claims.claim(id, "message-1", Duration.ofSeconds(10)).orElseThrow();

        assertThat(claims.heartbeat(claimed, 42, LEASE)).isTrue();

        Video now = videos.find(id).orElseThrow();
        assertThat(now.progress()).isEqualTo(42);
        assertThat(now.leaseUntil()).isAfter(claimed.leaseUntil());
    }

    @Test
    void releasedVideoCanBeClaimedAtOnce() {
        String id = uploadedVideo();
        Video claimed = claims.claim(id, "message-1", LEASE).orElseThrow();

        assertThat(claims.release(claimed)).isTrue();
        assertThat(claims.heartbeat(claimed, 10, LEASE)).as("a late heartbeat does not take it back").isFalse();

        assertThat(claims.claim(id, "message-1", LEASE)).hasValueSatisfying(v -> assertThat(v.attempts()).isEqualTo(2));
    }

    @Test
    void thereIsNothingToClaimOnceTheVideoHasAnOutcome() {
        String ready = uploadedVideo();
        claims.finish(claims.claim(ready, "message-1", LEASE).orElseThrow(), VideoStatus.READY, VideoChange.with()).orElseThrow();
        String failed = uploadedVideo();
        claims.finish(claims.claim(failed, "message-1", LEASE).orElseThrow(), VideoStatus.FAILED,
                VideoChange.with().failureReason("not a video")).orElseThrow();

        assertThat(claims.claim(ready, "message-1", EXPIRED)).isEmpty();
        assertThat(claims.claim(failed, "message-1", EXPIRED)).isEmpty();
        assertThat(claims.claim(UUID.randomUUID().toString(), "message-1", LEASE)).isEmpty();
    }

    @Test
    void finishOnlyEndsInAnOutcome() {
        Video claimed = claims.claim(uploadedVideo(), "message-1", LEASE).orElseThrow();

        assertThatThrownBy(() -> claims.finish(claimed, VideoStatus.UPLOADED, VideoChange.with()))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> claims.finish(claimed, VideoStatus.ENCODING, VideoChange.with()))
                .isInstanceOf(IllegalTransitionException.class);
    }

    private String uploadedVideo() {
        var video = Video.uploading(UUID.randomUUID().toString(), new Owner("ann", "ann@example.com"), null, "clip.mp4", null,
                Instant.now());
        videos.create(video);
        videos.transition(video.id(), VideoStatus.UPLOADING, VideoStatus.UPLOADED, VideoChange.with().sizeBytes(10));
        return video.id();
    }
}
