package dev.videopipeline.common.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.step.StepMeterRegistry;
import io.micrometer.core.instrument.step.StepRegistryConfig;
import io.micrometer.core.instrument.util.NamedThreadFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The service's own meters ({@code pipeline.*}) in CloudWatch: once a step, one line of CloudWatch
 * embedded metric format per meter on standard output, which the task's awslogs driver already
 * ships to CloudWatch Logs, where CloudWatch makes metrics of it. So no PutMetricData calls: no
 * credentials for it, no monitoring endpoint for the encoders' isolated subnets, nothing lost to a
 * throttled API. Every datum has the dimension {@code service} and the meter's own tags. A counter
 * is its name; a timer is {@code <name>.count}, {@code .sum} and {@code .max} in milliseconds, so
 * its average is sum / count. A meter with nothing in the step writes nothing, and alarms treat
 * a missing datum as none. {@code pipeline.aws.*} stays in Prometheus: by service, operation and
 * outcome it would be a hundred custom metrics, each billed.
 */
public class EmbeddedMetricsRegistry extends StepMeterRegistry {

    private static final JsonFactory JSON = new JsonFactory();

    private final String namespace;
    private final String service;
    private final PrintStream out;
    private final Duration step;

    public EmbeddedMetricsRegistry(String namespace, String service, Duration step, Clock clock, PrintStream out) {
        super(stepConfig(step), clock);
        this.namespace = namespace;
        this.service = service;
        this.out = out;
        this.step = step;
        config().meterFilter(MeterFilter.denyNameStartsWith("pipeline.aws."))
                .meterFilter(MeterFilter.acceptNameStartsWith("pipeline."))
                .meterFilter(MeterFilter.deny());
    }

    /** Starts publishing once a step, on a thread of its own. */
    public EmbeddedMetricsRegistry started() {
        start(new NamedThreadFactory("embedded-metrics"));
        return this;
    }

    @Override
    protected void publish() {
        // The start of the step the values are of: Micrometer publishes some way into the next one.
        long stepMillis = step.toMillis();
        long timestamp = clock.wallTime() / stepMillis * stepMillis - stepMillis;
        for (Meter meter : getMeters()) {
            List<Datum> data = data(meter);
            if (!data.isEmpty()) {
                String line = line(meter, data, timestamp);
                // One write per line (PrintStream holds its lock for it): log lines never split it.
                out.print(line + "\n");
            }
        }
    }

    @Override
    protected TimeUnit getBaseTimeUnit() {
        return TimeUnit.MILLISECONDS;
    }

    private record Datum(String name, String unit, double value) {
    }

    private List<Datum> data(Meter meter) {
        String name = meter.getId().getName();
        List<Datum> data = new ArrayList<>();
        meter.use(
                gauge -> add(data, new Datum(name, "None", gauge.value())),
                counter -> {
                    if (counter.count() > 0) {
                        data.add(new Datum(name, "Count", counter.count()));
                    }
                },
                timer -> {
                    if (timer.count() > 0) {
                        data.add(new Datum(name + ".count", "Count", timer.count()));
                        data.add(new Datum(name + ".sum", "Milliseconds", timer.totalTime(TimeUnit.MILLISECONDS)));
                        data.add(new Datum(name + ".max", "Milliseconds", timer.max(TimeUnit.MILLISECONDS)));
                    }
                },
                summary -> {
                    if (summary.count() > 0) {
                        data.add(new Datum(name + ".count", "Count", summary.count()));
                        data.add(new Datum(name + ".sum", "None", summary.totalAmount()));
                        data.add(new Datum(name + ".max", "None", summary.max()));
                    }
                },
                longTaskTimer -> add(data, new Datum(name + ".active", "Count", longTaskTimer.activeTasks())),
                timeGauge -> add(data, new Datum(name, "Milliseconds", timeGauge.value(TimeUnit.MILLISECONDS))),
                functionCounter -> {
                    if (functionCounter.count() > 0) {
                        data.add(new Datum(name, "Count", functionCounter.count()));
                    }
                },
                functionTimer -> {
                    if (functionTimer.count() > 0) {
                        data.add(new Datum(name + ".count", "Count", functionTimer.count()));
                        data.add(new Datum(name + ".sum", "Milliseconds", functionTimer.totalTime(TimeUnit.MILLISECONDS)));
                    }
                },
                other -> { });
        return data;
    }

    /** CloudWatch takes no NaN or infinity (a gauge whose object is gone). */
    private static void add(List<Datum> data, Datum datum) {
        if (Double.isFinite(datum.value())) {
            data.add(datum);
        }
    }

    private String line(Meter meter, List<Datum> data, long timestamp) {
        var text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", timestamp);
            json.writeArrayFieldStart("CloudWatchMetrics");
            json.writeStartObject();
            json.writeStringField("Namespace", namespace);
            json.writeArrayFieldStart("Dimensions");
            json.writeStartArray();
            json.writeString("service");
            for (Tag tag : meter.getId().getTagsAsIterable()) {
                json.writeString(tag.getKey());
            }
            json.writeEndArray();
            json.writeEndArray();
            json.writeArrayFieldStart("Metrics");
            for (Datum datum : data) {
                json.writeStartObject();
                json.writeStringField("Name", datum.name());
                json.writeStringField("Unit", datum.unit());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.writeStringField("service", service);
            for (Tag tag : meter.getId().getTagsAsIterable()) {
                json.writeStringField(tag.getKey(), tag.getValue());
            }
            for (Datum datum : data) {
                json.writeNumberField(datum.name(), datum.value());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static StepRegistryConfig stepConfig(Duration step) {
        return new StepRegistryConfig() {
            @Override
            public String prefix() {
                return "embedded-metrics";
            }

            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public Duration step() {
                return step;
            }
        };
    }
}
