package dev.videopipeline.loadtest.scaling;

import dev.videopipeline.infra.aws.config.EncoderScaling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MeasuredEncodeTimesTest {

    /** Production's shape with one task always up, so that a lone upload is encoded the second it arrives. */
    private static final EncoderScaling ONE_TASK_UP = new EncoderScaling(Duration.ofMinutes(15), Duration.ofSeconds(90),
            1, 4, Duration.ofSeconds(60), Duration.ofMinutes(10));

    @Test
    void drawsAreTheMeasuredTimesScaledSoTheirMeanIsThePolicyMean() {
        var times = new MeasuredEncodeTimes(List.of(1.0, 3.0), Duration.ofSeconds(90), "test");
        var random = new Random(1);

        List<Long> draws = IntStream.range(0, 1_000).mapToObj(i -> times.draw(random)).toList();

        // mean 2 s measured, 90 s wanted: ×45, so 45 and 135, each about half the time
        assertThat(times.scale()).isEqualTo(45.0);
        assertThat(draws).containsOnly(45L, 135L);
        assertThat(draws.stream().mapToLong(Long::longValue).average().orElseThrow()).isBetween(85.0, 95.0);
    }

    @Test
    void theSimulationEncodesForTheMeasuredTimesNotTheLognormal() {
        var measured = new MeasuredEncodeTimes(List.of(2.0, 2.0, 2.0), ONE_TASK_UP.meanEncodeTime(), "test");

        var result = new Simulation(Scenario.steady(0.1, Duration.ofHours(2)), ONE_TASK_UP, measured, 3, true).run();

        // every encode takes exactly the policy's 90 s; an upload finding the task idle is READY 90 s later
        assertThat(result.completed()).isGreaterThan(5);
        assertThat(result.latencySeconds()).allMatch(seconds -> seconds >= 90);
        assertThat(result.latencyPercentile(50)).isEqualTo(90);
    }

    @Test
    void theSpreadIsReportedWhateverTheScale() {
        var times = new MeasuredEncodeTimes(List.of(4.0, 6.0), Duration.ofSeconds(90), "encode-times.csv");

        assertThat(times.coefficientOfVariation()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(times.describe()).contains("2 measured in encode-times.csv", "mean 5.00 s", "×18.0", "PT1M30S");
    }

    @Test
    void theCsvGivesTheSimulatorTheRunWithTheFewestEncoders(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("encode-times.csv");
        EncodeTimesCsv.write(csv, Map.of(2, List.of(9.5, 10.25), 1, List.of(5.0, 5.5, 6.0)));

        assertThat(Files.readAllLines(csv)).startsWith("encoders,seconds", "1,5.000");
        assertThat(EncodeTimesCsv.readFewestEncoders(csv)).containsExactly(5.0, 5.5, 6.0);
    }

    @Test
    void aFileWithoutTheHeaderIsRefused(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("times.csv"), "5.0\n6.0\n");

        assertThatThrownBy(() -> EncodeTimesCsv.readFewestEncoders(csv)).isInstanceOf(IOException.class)
                .hasMessageContaining("encoders,seconds");
    }
}
