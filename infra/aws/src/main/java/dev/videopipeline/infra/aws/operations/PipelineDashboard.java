package dev.videopipeline.infra.aws.operations;

import dev.videopipeline.infra.aws.config.StageConfig;
import dev.videopipeline.infra.aws.data.Data;
import dev.videopipeline.infra.aws.services.EncoderService;
import dev.videopipeline.infra.aws.services.Services;
import java.util.ArrayList;
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
import software.constructs.Construct;

/**
 * One dashboard per stage, on the services' own metrics ({@link ServiceMetrics}) and AWS's:
 * requests, latency and uploads at the front; queue depths, the oldest waiting message and the
 * encoder's backlog per task against its target; running tasks, the mean encode time (to compare
 * with {@code mean-encode-time} in {@code encoder-scaling.properties}, which the target is computed
 * from) and encodes by result; mails by result, SES's view of them, and quota refusals.
 */
class PipelineDashboard extends Construct {

    /** {@code pipeline.encode}'s result tag. */
    static final List<String> ENCODE_RESULTS = List.of("READY", "FAILED", "retried", "stopped");
    /** The mails' outcome tag: the video's status each mail announces. */
    static final List<String> MAIL_OUTCOMES = List.of("ready", "failed");
    /** {@code pipeline.quota.refused}'s limit tag (the receiver's OwnerQuotas). */
    static final List<String> QUOTA_LIMITS = List.of("videos-in-flight", "bytes-per-day", "source-seconds-per-day");

    private static final Duration MINUTE = Duration.minutes(1);
    private static final Duration FIVE_MINUTES = Duration.minutes(5);

    PipelineDashboard(Construct scope, String id, StageConfig config, Data data, Services services) {
        super(scope, id);
        var pipeline = new ServiceMetrics(config);
        var options = MetricOptions.builder().period(MINUTE).build();
        var oldest = MetricOptions.builder().statistic("Maximum").period(MINUTE).build();
        var alb = services.receiver().loadBalancer();
        String cluster = services.cluster().getClusterName();

        Metric receiverTasks = EncoderService.runningTasks(cluster, services.receiver().task().service().getServiceName());
        Metric encoderTasks = EncoderService.runningTasks(cluster, services.encoder().task().service().getServiceName());
        Metric mailerTasks = EncoderService.runningTasks(cluster, services.mailer().task().service().getServiceName());
        var encodeQueue = data.encodeRequests().queue();
        var notifyQueue = data.notifications().queue();
        var encodeWaiting = encodeQueue.metricApproximateNumberOfMessagesVisible(options);

        Map<String, IMetric> backlogUsing = new TreeMap<>();
        backlogUsing.put("visible", encodeWaiting);
        backlogUsing.put("running", encoderTasks);
        var backlogPerTask = MathExpression.Builder.create()
                .expression(EncoderService.BACKLOG_PER_TASK)
                .usingMetrics(backlogUsing).label("backlog per task").period(MINUTE).build();

        List<IMetric> encodesByResult = new ArrayList<>();
        ENCODE_RESULTS.forEach(result -> encodesByResult.add(pipeline.counter("encoder", "pipeline.encode.count",
                Map.of("result", result), result, FIVE_MINUTES)));
        encodesByResult.add(pipeline.counter("encoder", "pipeline.encode.dead-lettered", Map.of(), "dead-lettered",
                FIVE_MINUTES));
        encodesByResult.add(pipeline.counter("encoder", "pipeline.encode.waited-turn", Map.of(), "waited its owner's turn",
                FIVE_MINUTES));

        List<IMetric> mails = new ArrayList<>();
        for (String result : List.of("sent", "failed", "retried")) {
            MAIL_OUTCOMES.forEach(outcome -> mails.add(pipeline.counter("mailer", "pipeline.mails." + result,
                    Map.of("outcome", outcome), result + " (" + outcome + ")", FIVE_MINUTES)));
        }
        String configurationSet = data.mail().configurationSet().getConfigurationSetName();
        List<IMetric> ses = new ArrayList<>();
        for (String event : List.of("Send", "Delivery", "Bounce", "Complaint")) {
            ses.add(Metrics.mailEvents(configurationSet, event, FIVE_MINUTES));
        }
        List<IMetric> refusals = new ArrayList<>();
        QUOTA_LIMITS.forEach(limit -> refusals.add(pipeline.counter("receiver", "pipeline.quota.refused",
                Map.of("limit", limit), limit, FIVE_MINUTES)));
        // Outcomes are accepted, an HTTP status or error: a search lists whichever occurred.
        var uploads = MathExpression.Builder.create()
                .expression("SEARCH('{" + config.metricsNamespace() + ",outcome,path," + ServiceMetrics.SERVICE
                        + "} MetricName=\"pipeline.uploads\"', 'Sum', 300)")
                .usingMetrics(Map.of())
                .label("")
                .period(FIVE_MINUTES)
                .build();

        var dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName("video-pipeline-" + config.stage())
                .build();
        dashboard.addWidgets(
                graph("Requests (ALB)", List.of(alb.getMetrics().requestCount(
                        MetricOptions.builder().statistic("Sum").period(MINUTE).build()))),
                graph("Latency (ALB target response time)", List.of(
                        alb.getMetrics().targetResponseTime(stat("p50")),
                        alb.getMetrics().targetResponseTime(stat("p99")))),
                graph("Uploads by path and outcome / 5 min", List.of(uploads)));
        dashboard.addWidgets(
                graph("Queue depth (visible)", List.of(encodeWaiting,
                        notifyQueue.metricApproximateNumberOfMessagesVisible(options))),
                graph("Oldest waiting message (s)", List.of(encodeQueue.metricApproximateAgeOfOldestMessage(oldest),
                        notifyQueue.metricApproximateAgeOfOldestMessage(oldest))),
                GraphWidget.Builder.create().title("Encoder backlog per task (target line)").width(8)
                        .left(List.of(backlogPerTask))
                        .leftAnnotations(List.of(HorizontalAnnotation.builder()
                                .value(config.encoder().scaling().backlogPerTaskTarget()).label("target").build()))
                        .build());
        dashboard.addWidgets(
                graph("Running tasks", List.of(receiverTasks, encoderTasks, mailerTasks)),
                GraphWidget.Builder.create().title("Mean encode time of READY videos (s)").width(8)
                        .left(List.of(pipeline.meanSeconds("encoder", "pipeline.encode", Map.of("result", "READY"),
                                "mean encode time (s)", FIVE_MINUTES)))
                        .leftAnnotations(List.of(HorizontalAnnotation.builder()
                                .value(config.encoder().scaling().meanEncodeTime().toSeconds())
                                .label("mean-encode-time (the target's)").build()))
                        .build(),
                graph("Encodes by result / 5 min", encodesByResult));
        dashboard.addWidgets(
                graph("Mails by result / 5 min", mails),
                graph("SES: this stage's mails / 5 min", ses),
                graph("Quota refusals by limit / 5 min", refusals));
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).width(8).left(metrics).build();
    }

    private static MetricOptions stat(String statistic) {
        return MetricOptions.builder().statistic(statistic).period(MINUTE).build();
    }
}
