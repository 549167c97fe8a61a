package dev.videopipeline.common.metrics;

import io.micrometer.core.instrument.MockClock;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What CloudWatch reads of a step: embedded metric format, one JSON object a line. */
class EmbeddedMetricsRegistryTest {

    private static final Duration STEP = Duration.ofMinutes(1);

    private final MockClock clock = new MockClock();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final EmbeddedMetricsRegistry registry = new EmbeddedMetricsRegistry("VideoPipeline/test", "encoder",
            STEP, clock, new PrintStream(written, true, StandardCharsets.UTF_8));

    @Test
    void aTimerIsItsCountSumAndMaxWithTheServiceAndItsTagsAsDimensions() throws IOException {
        registry.timer("pipeline.encode", "result", "READY").record(Duration.ofSeconds(12));
        registry.timer("pipeline.encode", "result", "READY").record(Duration.ofSeconds(30));

        var line = onlyLine(published());

        @SuppressWarnings("unchecked")
        var aws = (Map<String, Object>) line.get("_aws");
        long stepStart = clock.wallTime() / STEP.toMillis() * STEP.toMillis() - STEP.toMillis();
        assertThat(((Number) aws.get("Timestamp")).longValue()).as("the start of the step reported").isEqualTo(stepStart);
        assertThat(aws.get("CloudWatchMetrics")).isEqualTo(List.of(Map.of(
                "Namespace", "VideoPipeline/test",
                "Dimensions", List.of(List.of("service", "result")),
                "Metrics", List.of(
                        Map.of("Name", "pipeline.encode.count", "Unit", "Count"),
                        Map.of("Name", "pipeline.encode.sum", "Unit", "Milliseconds"),
                        Map.of("Name", "pipeline.encode.max", "Unit", "Milliseconds")))));
        assertThat(line).containsEntry("service", "encoder").containsEntry("result", "READY");
        assertThat(((Number) line.get("pipeline.encode.count")).doubleValue()).isEqualTo(2);
        assertThat(((Number) line.get("pipeline.encode.sum")).doubleValue()).isEqualTo(42_000);
        assertThat(((Number) line.get("pipeline.encode.max")).doubleValue()).isEqualTo(30_000);
    }

    @Test
    void aCounterIsWhatItCountedInTheStep() throws IOException {
        registry.counter("pipeline.mails.sent", "outcome", "ready").increment(3);
        var first = onlyLine(published());
        assertThat(((Number) first.get("pipeline.mails.sent")).doubleValue()).isEqualTo(3);

        registry.counter("pipeline.mails.sent", "outcome", "ready").increment();
        var second = onlyLine(published());
        assertThat(((Number) second.get("pipeline.mails.sent")).doubleValue()).as("the step's, not the total").isEqualTo(1);
    }

    @Test
    void onlyThePipelinesOwnMetersWithSomethingInTheStepAreWritten() throws IOException {
        registry.counter("jvm.gc.pause").increment();
        registry.counter("http.server.requests").increment();
        registry.counter("pipeline.aws.calls", "service", "s3", "operation", "GetObject", "outcome", "ok").increment();
        registry.counter("pipeline.quota.refused", "limit", "videos-in-flight");
        registry.timer("pipeline.encode", "result", "FAILED");

        assertThat(published()).isEmpty();
    }

    @Test
    void tagValuesAreWrittenAsJsonStrings() throws IOException {
        registry.counter("pipeline.uploads", "path", "a \"quoted\" \\ path", "outcome", "accepted").increment();

        assertThat(onlyLine(published())).containsEntry("path", "a \"quoted\" \\ path");
    }

    /** The lines written for the step that just ended. */
    private List<Map<String, Object>> published() throws IOException {
        clock.add(STEP);
        written.reset();
        registry.publish();
        var mapper = ObjectMapper.getDefault();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String text : written.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!text.isEmpty()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> line = mapper.readValue(text, Map.class);
                lines.add(line);
            }
        }
        return lines;
    }

    private static Map<String, Object> onlyLine(List<Map<String, Object>> lines) {
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }
}
