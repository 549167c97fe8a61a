package dev.videopipeline.infra.aws.operations;

import dev.videopipeline.infra.aws.config.StageConfig;
import dev.videopipeline.infra.aws.data.Data;
import dev.videopipeline.infra.aws.services.EncoderService;
import dev.videopipeline.infra.aws.services.Services;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.constructs.Construct;

/**
 * One dashboard per stage: requests and latency at the ALB, queue depths, the encoder's backlog per
 * task against its target, running tasks per service, and encodes finished with the busy time per
 * encode (the mean encode time while the queue is never empty: the number the scaling target is
 * computed from, to compare with {@code encoder-scaling.properties}).
 */
class PipelineDashboard extends Construct {

    static final String NAMESPACE = "VideoPipeline";

    PipelineDashboard(Construct scope, String id, StageConfig config, Data data, Services services) {
        super(scope, id);
        var options = MetricOptions.builder().period(Duration.minutes(1)).build();
        var alb = services.receiver().loadBalancer();
        String cluster = services.cluster().getClusterName();

        Metric receiverTasks = EncoderService.runningTasks(cluster, services.receiver().task().service().getServiceName());
        Metric encoderTasks = EncoderService.runningTasks(cluster, services.encoder().task().service().getServiceName());
        Metric mailerTasks = EncoderService.runningTasks(cluster, services.mailer().task().service().getServiceName());
        var encodeWaiting = data.encodeRequests().queue().metricApproximateNumberOfMessagesVisible(options);
        var notifyWaiting = data.notifications().queue().metricApproximateNumberOfMessagesVisible(options);

        // The encoder logs "encode finished" once per job (JSON, field "message"): counted here.
        String encodesFinishedName = "EncodesFinished-" + config.stage();
        MetricFilter.Builder.create(this, "EncodesFinished")
                .logGroup(services.encoder().task().logGroup())
                .filterPattern(FilterPattern.stringValue("$.message", "=", "encode finished"))
                .metricNamespace(NAMESPACE)
                .metricName(encodesFinishedName)
                .metricValue("1")
                .defaultValue(0)
                .build();
        var finished = Metric.Builder.create().namespace(NAMESPACE).metricName(encodesFinishedName)
                .statistic("Sum").period(Duration.minutes(5)).build();

        Map<String, IMetric> backlogUsing = new TreeMap<>();
        backlogUsing.put("visible", encodeWaiting);
        backlogUsing.put("running", encoderTasks);
        var backlogPerTask = MathExpression.Builder.create()
                .expression(EncoderService.BACKLOG_PER_TASK)
                .usingMetrics(backlogUsing).label("backlog per task").period(Duration.minutes(1)).build();

        Map<String, IMetric> busyUsing = new TreeMap<>();
        busyUsing.put("running", encoderTasks.with(MetricOptions.builder().period(Duration.minutes(5)).build()));
        busyUsing.put("finished", finished);
        var secondsPerEncode = MathExpression.Builder.create()
                .expression("IF(finished > 0, running * " + config.encoder().concurrency() + " * PERIOD(finished) / finished, 0)")
                .usingMetrics(busyUsing).label("encoder-seconds per finished encode (s)")
                .period(Duration.minutes(5)).build();

        var dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName("video-pipeline-" + config.stage())
                .build();
        dashboard.addWidgets(
                graph("Requests (ALB)", List.of(alb.getMetrics().requestCount(sum()))),
                graph("Latency (ALB target response time)", List.of(
                        alb.getMetrics().targetResponseTime(stat("p50")),
                        alb.getMetrics().targetResponseTime(stat("p99")))),
                graph("Queue depth (visible)", List.of(encodeWaiting, notifyWaiting)));
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Encoder backlog per task (target line)").width(8)
                        .left(List.of(backlogPerTask))
                        .leftAnnotations(List.of(HorizontalAnnotation.builder()
                                .value(config.encoder().scaling().backlogPerTaskTarget()).label("target").build()))
                        .build(),
                graph("Running tasks", List.of(receiverTasks, encoderTasks, mailerTasks)),
                GraphWidget.Builder.create().title("Encodes finished / 5 min, and busy time per encode").width(8)
                        .left(List.of(finished)).right(List.of(secondsPerEncode)).build());
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).width(8).left(metrics).build();
    }

    private static MetricOptions sum() {
        return MetricOptions.builder().statistic("Sum").period(Duration.minutes(1)).build();
    }

    private static MetricOptions stat(String statistic) {
        return MetricOptions.builder().statistic(statistic).period(Duration.minutes(1)).build();
    }
}
