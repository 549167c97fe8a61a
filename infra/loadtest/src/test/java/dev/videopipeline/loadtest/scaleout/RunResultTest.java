package dev.videopipeline.loadtest.scaleout;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class RunResultTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A run whose videos were accepted at {@code T0 + accepted[i]} s and READY at {@code T0 + ready[i]} s. */
    static RunResult run(int encoders, double[] accepted, double[] ready, List<Double> encodeSeconds) {
        List<VideoOutcome> videos = new java.util.ArrayList<>();
        for (int i = 0; i < accepted.length; i++) {
            videos.add(new VideoOutcome("v" + i, at(accepted[i]), at(ready[i]), true));
        }
        return new RunResult(encoders, false, T0, videos, encodeSeconds, new EncoderTimers.Timer(0, 0), List.of(), 0.8, 0.8);
    }

    static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    @Test
    void throughputIsReadyVideosOverFirstAcceptedToLastReady() {
        var result = run(1, new double[]{1, 2, 3}, new double[]{11, 21, 31}, List.of(10.0, 10.0, 10.0));

        assertThat(result.span().toSeconds()).isEqualTo(30);
        assertThat(result.throughputPerMinute()).isCloseTo(6.0, offset(1e-9));
    }

    @Test
    void latencyPercentilesAreNearestRank() {
        var result = run(1, new double[]{0, 0, 0, 0}, new double[]{10, 20, 30, 40}, List.of());

        assertThat(result.latencyPercentile(50)).isEqualTo(20.0);
        assertThat(result.latencyPercentile(95)).isEqualTo(40.0);
        assertThat(result.latencyPercentile(100)).isEqualTo(40.0);
        assertThat(RunResult.percentile(List.of(3.0, 1.0, 2.0), 0)).isEqualTo(1.0);
    }

    @Test
    void failedVideosCountNeitherInThroughputNorInLatency() {
        var videos = List.of(new VideoOutcome("a", at(0), at(30), true), new VideoOutcome("b", at(0), at(60), false));
        var result = new RunResult(1, false, T0, videos, List.of(), new EncoderTimers.Timer(0, 0), List.of(), Double.NaN, 0.5);

        assertThat(result.ready()).isOne();
        assertThat(result.failed()).isOne();
        assertThat(result.throughputPerMinute()).isCloseTo(1.0, offset(1e-9));
        assertThat(result.latencyPercentile(100)).isEqualTo(30.0);
    }

    @Test
    void meanEncodeTimeIsTheMeanOfTheTimedEncodes() {
        var result = run(1, new double[]{0}, new double[]{10}, List.of(4.0, 6.0, 8.0));

        assertThat(result.meanEncodeSeconds()).isEqualTo(6.0);
    }

    @Test
    void efficiencyIsThroughputOverEncodersTimesOneEncodersThroughput() {
        var one = run(1, new double[]{0, 0}, new double[]{30, 60}, List.of());   // 2 a minute
        var twoPerfect = run(2, new double[]{0, 0}, new double[]{15, 30}, List.of()); // 4 a minute
        var twoNoGain = run(2, new double[]{0, 0}, new double[]{30, 60}, List.of());

        assertThat(one.efficiency(one)).isCloseTo(1.0, offset(1e-9));
        assertThat(twoPerfect.efficiency(one)).isCloseTo(1.0, offset(1e-9));
        assertThat(twoNoGain.efficiency(one)).isCloseTo(0.5, offset(1e-9));
    }

    @Test
    void efficiencyIsOnlyAgainstTheRunWithOneEncoder() {
        var two = run(2, new double[]{0}, new double[]{30}, List.of());

        assertThatThrownBy(() -> two.efficiency(two)).isInstanceOf(IllegalArgumentException.class);
    }
}
