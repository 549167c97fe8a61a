package dev.videopipeline.loadtest.scaling;

import dev.videopipeline.infra.aws.config.EncoderScaling;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SimulationTest {

    /** The shape of production's policy with small numbers: target 10 per task, 0..4 tasks. */
    private static final EncoderScaling POLICY = new EncoderScaling(Duration.ofMinutes(15), Duration.ofSeconds(90),
            0, 4, Duration.ofSeconds(60), Duration.ofMinutes(10));

    @Test
    void everyUploadIsEncodedAndTheServiceEndsAtItsMinimum() {
        var result = new Simulation(Scenario.burst(500, Duration.ofMinutes(5)), POLICY, 1).run();

        assertThat(result.gaveUp()).isFalse();
        assertThat(result.completed()).isEqualTo(result.arrived()).isGreaterThan(400);
        assertThat(result.samples().get(result.samples().size() - 1).desired()).isZero();
    }

    @Test
    void aBurstScalesOutToTheMaximumAndNoFurther() {
        var result = new Simulation(Scenario.burst(500, Duration.ofMinutes(5)), POLICY, 1).run();

        assertThat(result.maxTasks()).isEqualTo(4);
    }

    @Test
    void nothingArrivingCostsNothingWithAMinimumOfZero() {
        var result = new Simulation(Scenario.steady(0, Duration.ofHours(1)), POLICY, 1).run();

        assertThat(result.taskHours()).isZero();
        assertThat(result.arrived()).isZero();
    }

    @Test
    void aLightSteadyLoadIsServedWithinTheAcceptableLatency() {
        var result = new Simulation(Scenario.steady(1, Duration.ofHours(3)), POLICY, 1).run();

        // 60 an hour against 40 a task: one task falls behind, and the backlog brings a second.
        assertThat(result.latencyPercentile(95)).isLessThan(POLICY.acceptableLatency().plus(Duration.ofMinutes(5)).toSeconds());
    }

    @Test
    void busyTasksProtectedFromScaleInHandNothingBack() {
        var protectedRun = new Simulation(Scenario.daily(1_000), POLICY,
                EncodeTimes.lognormal(POLICY.meanEncodeTime(), Simulation.ENCODE_TIME_SIGMA), 7, true).run();
        var unprotected = new Simulation(Scenario.daily(1_000), POLICY,
                EncodeTimes.lognormal(POLICY.meanEncodeTime(), Simulation.ENCODE_TIME_SIGMA), 7, false).run();

        assertThat(unprotected.handedBack()).as("without protection").isPositive();
        assertThat(protectedRun.handedBack()).isZero();
        assertThat(protectedRun.completed()).isEqualTo(protectedRun.arrived());
        assertThat(protectedRun.samples().get(protectedRun.samples().size() - 1).desired()).isZero();
    }

    @Test
    void longVideosInChunksAreReadySoonerThanWholeOnTheSameUploads() {
        var lectures = Scenario.withLongVideos(0.5, Duration.ofHours(2), 0.1, Duration.ofMinutes(35));
        var times = EncodeTimes.lognormal(POLICY.meanEncodeTime(), Simulation.ENCODE_TIME_SIGMA);

        var whole = new Simulation(lectures, POLICY, times, 3, true, Chunking.OFF).run();
        var chunked = new Simulation(lectures, POLICY, times, 3, true, Chunking.PRODUCTION).run();

        assertThat(chunked.arrived()).isEqualTo(whole.arrived()).isEqualTo(whole.requests());
        assertThat(chunked.completed()).isEqualTo(chunked.arrived());
        assertThat(chunked.requests()).as("a lecture is 41 chunks").isGreaterThan(chunked.arrived() + 40);
        assertThat(whole.latencyPercentile(100)).as("a lecture whole").isGreaterThanOrEqualTo(35 * 60);
        assertThat(chunked.latencyPercentile(100)).isLessThan(whole.latencyPercentile(100) / 2);
    }

    @Test
    void aVideoUnderTheThresholdIsOneRequestAndALongerOneChunksOfAboutTheLength() {
        var chunking = new Chunking(156, 52, 4, 20);

        assertThat(chunking.chunks(155)).isEqualTo(1);
        assertThat(chunking.chunkWork(155)).isEqualTo(155);
        assertThat(chunking.chunks(2100)).isEqualTo(41);
        assertThat(chunking.chunkWork(2100)).isEqualTo(2100 / 41 + 4);
        assertThat(Chunking.OFF.chunks(100_000)).isEqualTo(1);
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        var first = new Simulation(Scenario.daily(1_000), POLICY, 7).run();
        var second = new Simulation(Scenario.daily(1_000), POLICY, 7).run();

        assertThat(second.latencySeconds()).isEqualTo(first.latencySeconds());
        assertThat(second.taskHours()).isEqualTo(first.taskHours());
    }

    @Test
    void firstTaskStartsFromZeroWhenRequestsWait() {
        var scaler = new Autoscaler(POLICY);

        assertThat(scaler.evaluate(0, 0, 0, 1)).isEqualTo(1);
    }

    @Test
    void scaleInWaitsForFifteenQuietMinutes() {
        var scaler = new Autoscaler(POLICY);
        int desired = 3;
        for (int minute = 0; minute < 14; minute++) {
            desired = scaler.evaluate(minute * 60L, desired, 3, 0);
        }
        assertThat(desired).isEqualTo(3);

        assertThat(scaler.evaluate(14 * 60L, desired, 3, 0)).isZero();
    }
}
