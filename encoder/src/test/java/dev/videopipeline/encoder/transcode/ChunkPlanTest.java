package dev.videopipeline.encoder.transcode;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkPlanTest {

    @Test
    void boundariesFallOnWholeSegmentsOfWholeGops() {
        // 30 fps: a key frame every 60 pictures, a 6 s segment of 180; 60 s chunks are 1800 pictures.
        var plan = ChunkPlan.of(600, 30, Duration.ofSeconds(60));

        assertThat(plan.chunks()).hasSize(10);
        assertThat(plan.expectedFrames()).isEqualTo(18_000);
        for (var chunk : plan.chunks()) {
            assertThat(chunk.startTick()).isEqualTo(chunk.index() * 1800L);
            assertThat(chunk.startTick() % 60).isZero();
        }
        assertThat(plan.chunks().get(8).endTick()).isEqualTo(9 * 1800L);
    }

    @Test
    void aLengthThatIsNoWholeNumberOfSegmentsIsRoundedToOne() {
        // 29.97 fps: 60 pictures a GOP, 180 a segment; 50 s is 1498.5 pictures, 8.3 segments: 8.
        var plan = ChunkPlan.of(180, 30000 / 1001.0, Duration.ofSeconds(50));

        assertThat(plan.chunks().get(1).startTick()).isEqualTo(8 * 180L);
        // A chunk length under one segment still makes whole segments.
        assertThat(ChunkPlan.of(60, 25, Duration.ofSeconds(1)).chunks().get(1).startTick()).isEqualTo(150);
    }

    @Test
    void theLastChunkRunsToTheSourcesEndHoweverLongItIs() {
        var plan = ChunkPlan.of(130, 30, Duration.ofSeconds(60));

        assertThat(plan.chunks()).hasSize(3);
        var last = plan.chunks().get(2);
        assertThat(last.startTick()).isEqualTo(3600);
        assertThat(last.endTick()).isEqualTo(ChunkPlan.END);
        assertThat(last.contains(1_000_000)).isTrue();
    }

    @Test
    void aLastPieceShorterThanASegmentJoinsTheChunkBefore() {
        // 123 s: two 60 s chunks and 3 s, less than a segment: two chunks, the second 63 s long.
        var plan = ChunkPlan.of(123, 30, Duration.ofSeconds(60));

        assertThat(plan.chunks()).hasSize(2);
        assertThat(plan.chunks().get(1).startTick()).isEqualTo(1800);
        assertThat(plan.chunks().get(1).endTick()).isEqualTo(ChunkPlan.END);
    }

    @Test
    void aVideoShorterThanAChunkIsOneChunk() {
        var plan = ChunkPlan.of(20, 24, Duration.ofSeconds(60));

        assertThat(plan.chunks()).containsExactly(new ChunkPlan.Chunk(0, 0, ChunkPlan.END));
    }

    @Test
    void aDurationNobodyKnowsIsOneChunk() {
        assertThat(ChunkPlan.of(0, 30, Duration.ofSeconds(60)).chunks()).hasSize(1);
    }
}
