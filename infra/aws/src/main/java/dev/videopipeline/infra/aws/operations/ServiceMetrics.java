package dev.videopipeline.infra.aws.operations;

import dev.videopipeline.infra.aws.config.StageConfig;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;

/**
 * The services' own metrics as CloudWatch holds them. Each service writes its Micrometer meters
 * named {@code pipeline.*} as embedded metric format lines to its log (PIPELINE_METRICS_NAMESPACE,
 * the stage's namespace), each with the dimension {@code service} plus the meter's own tags. A
 * counter is its count in each minute (read as a Sum); a timer is three metrics,
 * {@code <name>.count}, {@code <name>.sum} and {@code <name>.max}, in milliseconds. CloudWatch
 * finds a metric only by its exact set of dimensions, so every read here names all of them.
 */
final class ServiceMetrics {

    static final String SERVICE = "service";

    private final String namespace;

    ServiceMetrics(StageConfig config) {
        this.namespace = config.metricsNamespace();
    }

    /** A counter's count per {@code period}. */
    Metric counter(String service, String name, Map<String, String> tags, String label, Duration period) {
        return metric(service, name, tags, "Sum", label, period);
    }

    /**
     * A timer's mean in seconds per {@code period}: its total time over its count, both summed
     * over the period (the mean of the minutes' means would weigh a quiet minute like a busy one).
     */
    IMetric meanSeconds(String service, String timer, Map<String, String> tags, String label, Duration period) {
        Map<String, IMetric> using = new TreeMap<>();
        using.put("count", metric(service, timer + ".count", tags, "Sum", null, period));
        using.put("sum", metric(service, timer + ".sum", tags, "Sum", null, period));
        return MathExpression.Builder.create()
                .expression("IF(count > 0, sum / count / 1000, 0)")
                .usingMetrics(using)
                .label(label)
                .period(period)
                .build();
    }

    private Metric metric(String service, String name, Map<String, String> tags, String statistic, String label,
                          Duration period) {
        Map<String, String> dimensions = new TreeMap<>(tags);
        dimensions.put(SERVICE, service);
        var metric = Metric.Builder.create()
                .namespace(namespace)
                .metricName(name)
                .dimensionsMap(dimensions)
                .statistic(statistic)
                .period(period);
        if (label != null) {
            metric.label(label);
        }
        return metric.build();
    }
}
