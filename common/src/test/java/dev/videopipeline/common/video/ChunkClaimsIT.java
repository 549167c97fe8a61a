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
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@LocalAwsTest
@MicronautTest
class ChunkClaimsIT {

    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Duration EXPIRED = Duration.ofSeconds(-1);
    private static final String PLAN = "fps=25.0 frames=750 starts=0,150,300 rungs=360p";
    private static final ChunkState.Result RESULT = new ChunkState.Result(100, 150, 299, 150);

    @Inject
    VideoRepository videos;

    @Inject
    EncodingClaims claims;

    @Inject
    ChunkClaims chunks;

    @BeforeEach
    void clean(LocalAws aws) {
        aws.reset();
    }

    @Test
    void aPlanIsStoredOnceAndAnEncodeTakenOverKeepsTheChunksDone() {
        Video first = encodingVideo();
        var board = chunks.plan(first, PLAN, 3).orElseThrow();
        assertThat(board.chunks()).hasSize(3).allMatch(chunk -> chunk.isFree(Instant.now()) && chunk.attempts() == 0);
        int attempt = chunks.claim(first.id(), PLAN, 1, LEASE).getAsInt();
        chunks.done(first.id(), PLAN, 1, attempt, RESULT).orElseThrow();

        claims.release(first);
        Video second = claims.claim(first.id(), "message-2", LEASE).orElseThrow();
        var kept = chunks.plan(second, PLAN, 3).orElseThrow();

        assertThat(kept.chunks().get(1).done()).isEqualTo(attempt);
        assertThat(kept.chunks().get(1).result()).isEqualTo(RESULT);
        assertThat(kept.chunks().get(1).frames()).isEqualTo(150);
        assertThat(chunks.plan(first, "fps=25.0 frames=750 starts=0,300 rungs=360p", 2))
                .as("the first encoder's claim is gone").isEmpty();
        var replanned = chunks.plan(second, "fps=25.0 frames=750 starts=0,300 rungs=360p", 2).orElseThrow();
        assertThat(replanned.chunks()).as("another plan starts afresh").hasSize(2).noneMatch(ChunkState::isDone);
    }

    @Test
    void ofEightWorkersClaimingTheSameChunkAtOnceExactlyOneWins() throws Exception {
        Video video = encodingVideo();
        chunks.plan(video, PLAN, 3).orElseThrow();
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<OptionalInt>> workers = IntStream.range(0, 8)
                    .<Callable<OptionalInt>>mapToObj(i -> () -> chunks.claim(video.id(), PLAN, 2, LEASE)).toList();
            long winners = 0;
            for (Future<OptionalInt> result : pool.invokeAll(workers)) {
                winners += result.get().isPresent() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLateWorkerWhoseChunkWasTakenOverCanNeitherRenewNorFinishIt() {
        Video video = encodingVideo();
        chunks.plan(video, PLAN, 3).orElseThrow();
        int crashed = chunks.claim(video.id(), PLAN, 0, EXPIRED).getAsInt();
        int taker = chunks.claim(video.id(), PLAN, 0, LEASE).getAsInt();

        assertThat(taker).isEqualTo(crashed + 1);
        assertThat(chunks.heartbeat(video.id(), PLAN, 0, crashed, 10, LEASE)).isFalse();
        assertThat(chunks.done(video.id(), PLAN, 0, crashed, RESULT)).isEmpty();
        assertThat(chunks.heartbeat(video.id(), PLAN, 0, taker, 10, LEASE)).isTrue();
        assertThat(chunks.done(video.id(), PLAN, 0, taker, RESULT)).isPresent();
        assertThat(chunks.claim(video.id(), PLAN, 0, LEASE)).as("a done chunk is nobody's to claim").isEmpty();
        assertThat(chunks.done(video.id(), PLAN, 0, taker, RESULT)).as("done once").isEmpty();
    }

    @Test
    void aReleasedChunkIsClaimedAtOnceAndAHeartbeatInFlightCannotTakeItBack() {
        Video video = encodingVideo();
        chunks.plan(video, PLAN, 3).orElseThrow();
        int attempt = chunks.claim(video.id(), PLAN, 1, LEASE).getAsInt();

        assertThat(chunks.release(video.id(), PLAN, 1, attempt)).isTrue();
        assertThat(chunks.heartbeat(video.id(), PLAN, 1, attempt, 5, LEASE)).isFalse();
        assertThat(chunks.claim(video.id(), PLAN, 1, LEASE)).hasValue(attempt + 1);
    }

    @Test
    void aFailedChunkStopsTheOthersAndARequestOfAnotherPlanClaimsNothing() {
        Video video = encodingVideo();
        chunks.plan(video, PLAN, 3).orElseThrow();
        int first = chunks.claim(video.id(), PLAN, 0, LEASE).getAsInt();
        int second = chunks.claim(video.id(), PLAN, 1, LEASE).getAsInt();
        assertThat(chunks.claim(video.id(), "fps=25.0 frames=750 starts=0 rungs=360p", 2, LEASE)).isEmpty();

        assertThat(chunks.fail(video.id(), PLAN, 1, second, "The pictures in the file are damaged.")).isTrue();

        assertThat(chunks.read(video.id()).orElseThrow().failure()).isEqualTo("The pictures in the file are damaged.");
        assertThat(chunks.heartbeat(video.id(), PLAN, 0, first, 5, LEASE)).as("the other chunk stops").isFalse();
        assertThat(chunks.claim(video.id(), PLAN, 2, LEASE)).isEmpty();
    }

    @Test
    void theOutcomeForgetsTheChunksAndADeletedVideoHasNone() {
        Video video = encodingVideo();
        chunks.plan(video, PLAN, 3).orElseThrow();
        int attempt = chunks.claim(video.id(), PLAN, 0, LEASE).getAsInt();
        claims.finish(video, VideoStatus.FAILED, VideoChange.with().failureReason("x").forgetChunks()).orElseThrow();

        var board = chunks.read(video.id()).orElseThrow();
        assertThat(board.plan()).isNull();
        assertThat(board.chunks()).isEmpty();
        assertThat(chunks.done(video.id(), PLAN, 0, attempt, RESULT)).isEmpty();

        videos.delete(video.id());
        assertThat(chunks.read(video.id())).isEmpty();
        assertThat(chunks.claim(video.id(), PLAN, 1, LEASE)).isEmpty();
    }

    private Video encodingVideo() {
        var video = Video.uploading(UUID.randomUUID().toString(), new Owner("ann", "ann@example.com"), null, "clip.mp4", null,
                Instant.now());
        videos.create(video);
        videos.transition(video.id(), VideoStatus.UPLOADING, VideoStatus.UPLOADED, VideoChange.with().sizeBytes(10));
        return claims.claim(video.id(), "message-1", LEASE).orElseThrow();
    }
}
