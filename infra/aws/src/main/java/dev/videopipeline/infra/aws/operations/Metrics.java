package dev.videopipeline.infra.aws.operations;

import dev.videopipeline.infra.aws.data.MailSending;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeElb;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;

/** Derived metrics the alarms and the dashboard share. */
final class Metrics {

    private static final MetricOptions SUM_PER_MINUTE =
            MetricOptions.builder().statistic("Sum").period(Duration.minutes(1)).build();
    private static final String CONTAINER_INSIGHTS = "ECS/ContainerInsights";

    private Metrics() {
    }

    /** 5xx answers (the receiver's and the ALB's own) as a percentage of requests. */
    static IMetric alb5xxPercent(ApplicationLoadBalancer alb) {
        Map<String, IMetric> using = new TreeMap<>();
        using.put("requests", alb.getMetrics().requestCount(SUM_PER_MINUTE));
        using.put("target5xx", alb.getMetrics().httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, SUM_PER_MINUTE));
        using.put("elb5xx", alb.getMetrics().httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, SUM_PER_MINUTE));
        return MathExpression.Builder.create()
                .expression("IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)")
                .usingMetrics(using)
                .label("5xx % of requests")
                .period(Duration.minutes(1))
                .build();
    }

    /**
     * Tasks a service should run and does not (Container Insights, per minute): above 0 while
     * tasks start, and for good while they keep dying before they count or cannot be placed.
     */
    static IMetric tasksMissing(String cluster, String service) {
        Map<String, IMetric> using = new TreeMap<>();
        using.put("desired", containerInsights(cluster, service, "DesiredTaskCount"));
        using.put("running", containerInsights(cluster, service, "RunningTaskCount"));
        return MathExpression.Builder.create()
                .expression("FILL(desired, 0) - FILL(running, 0)")
                .usingMetrics(using)
                .label("tasks missing (desired - running)")
                .period(Duration.minutes(1))
                .build();
    }

    private static Metric containerInsights(String cluster, String service, String name) {
        Map<String, String> dimensions = new TreeMap<>();
        dimensions.put("ClusterName", cluster);
        dimensions.put("ServiceName", service);
        return Metric.Builder.create().namespace(CONTAINER_INSIGHTS).metricName(name).dimensionsMap(dimensions)
                .statistic("Average").period(Duration.minutes(1)).build();
    }

    /**
     * One SES event of the stage's configuration set ({@code Send}, {@code Delivery}, {@code Bounce},
     * {@code Complaint}) per {@code period}, from the set's CloudWatch event destination.
     */
    static Metric mailEvents(String configurationSet, String event, Duration period) {
        return Metric.Builder.create()
                .namespace("AWS/SES")
                .metricName(event)
                .dimensionsMap(Map.of(MailSending.CONFIGURATION_SET_DIMENSION, configurationSet))
                .statistic("Sum")
                .period(period)
                .build();
    }

    /**
     * {@code event}s as a percentage of the configuration set's sends over {@code period}, or 0
     * while fewer than {@code leastSends} went out (a rate of a handful says nothing).
     */
    static IMetric mailRatePercent(String configurationSet, String event, int leastSends, Duration period) {
        Map<String, IMetric> using = new TreeMap<>();
        using.put("sends", mailEvents(configurationSet, "Send", period));
        using.put("events", mailEvents(configurationSet, event, period));
        return MathExpression.Builder.create()
                .expression("IF(sends >= " + leastSends + ", 100 * FILL(events, 0) / sends, 0)")
                .usingMetrics(using)
                .label(event + " % of sends")
                .period(period)
                .build();
    }

    /** The account's reputation metric SES itself judges on ({@code Reputation.BounceRate}: a fraction). */
    static Metric reputation(String name) {
        return Metric.Builder.create()
                .namespace("AWS/SES")
                .metricName(name)
                .statistic("Maximum")
                .period(Duration.hours(1))
                .build();
    }

    /** Requests DynamoDB throttled per minute, on the table and on each of its {@code indexes}. */
    static IMetric throttleEvents(ITable table, List<String> indexes) {
        Map<String, IMetric> using = new TreeMap<>();
        using.put("reads", table.metric("ReadThrottleEvents", SUM_PER_MINUTE));
        using.put("writes", table.metric("WriteThrottleEvents", SUM_PER_MINUTE));
        StringBuilder expression = new StringBuilder("FILL(reads, 0) + FILL(writes, 0)");
        for (int i = 0; i < indexes.size(); i++) {
            for (String kind : List.of("Read", "Write")) {
                String id = kind.toLowerCase(Locale.ROOT) + "Index" + i;
                Map<String, String> dimensions = new TreeMap<>();
                dimensions.put("TableName", table.getTableName());
                dimensions.put("GlobalSecondaryIndexName", indexes.get(i));
                using.put(id, Metric.Builder.create()
                        .namespace("AWS/DynamoDB")
                        .metricName(kind + "ThrottleEvents")
                        .dimensionsMap(dimensions)
                        .statistic("Sum")
                        .period(Duration.minutes(1))
                        .build());
                expression.append(" + FILL(").append(id).append(", 0)");
            }
        }
        return MathExpression.Builder.create()
                .expression(expression.toString())
                .usingMetrics(using)
                .label("throttled requests")
                .period(Duration.minutes(1))
                .build();
    }
}
