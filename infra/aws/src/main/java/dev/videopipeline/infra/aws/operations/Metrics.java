package dev.videopipeline.infra.aws.operations;

import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeElb;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;

/** Derived metrics the alarms and the dashboard share. */
final class Metrics {

    private static final MetricOptions SUM_PER_MINUTE =
            MetricOptions.builder().statistic("Sum").period(Duration.minutes(1)).build();

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
}
