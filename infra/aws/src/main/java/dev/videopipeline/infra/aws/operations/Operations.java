package dev.videopipeline.infra.aws.operations;

import dev.videopipeline.infra.aws.config.StageConfig;
import dev.videopipeline.infra.aws.data.Data;
import dev.videopipeline.infra.aws.data.VideosTable;
import dev.videopipeline.infra.aws.data.WorkQueue;
import dev.videopipeline.infra.aws.services.Services;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * What tells a person something is wrong: alarms to an SNS topic mailed to the stage's alarm
 * address, and one dashboard ({@link PipelineDashboard}). Each alarm is one a human must act on:
 * <ul>
 *   <li>a dead-letter queue holds a message (a video or a mail gave up after 5 receives);</li>
 *   <li>the oldest waiting request is older than the stage's threshold (the encoders do not keep
 *       up, or none runs);</li>
 *   <li>the ALB's 5xx share of requests is above the threshold;</li>
 *   <li>the receiver has unhealthy targets (its {@code /livez} fails: the process does not answer);</li>
 *   <li>a service runs fewer tasks than it should for most of 10 minutes (tasks crash at start or
 *       fail their health checks, an image does not pull, or Fargate Spot has no capacity);</li>
 *   <li>the stage's mails bounce or draw complaints at SES's review levels, or the account's
 *       reputation metrics reach them (SES may then pause the account's sending);</li>
 *   <li>DynamoDB throttles requests to the videos or owners table, most minutes of five.</li>
 * </ul>
 */
public class Operations extends Construct {

    /** SES puts an account under review at a 5 % bounce rate (and may pause it at 10 %). */
    static final double BOUNCE_REVIEW_PERCENT = 5;
    /** SES puts an account under review at a 0.1 % complaint rate (and may pause it at 0.5 %). */
    static final double COMPLAINT_REVIEW_PERCENT = 0.1;
    /**
     * The stage's own rates are judged over a day, and only from as many sends as make one event
     * no more than a fifth of the review level (bounces) or the level itself (complaints).
     */
    static final int LEAST_SENDS_FOR_BOUNCE_RATE = 100;
    static final int LEAST_SENDS_FOR_COMPLAINT_RATE = 1000;

    private final Topic alarms;
    private final List<Alarm> all = new ArrayList<>();

    public Operations(Construct scope, String id, StageConfig config, Data data, Services services) {
        super(scope, id);
        // SNS encrypted at rest with a key CloudWatch may use to publish.
        var key = Key.Builder.create(this, "AlarmTopicKey")
                .enableKeyRotation(true)
                .description("video-pipeline " + config.stage() + " alarm topic")
                .build();
        key.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
        this.alarms = Topic.Builder.create(this, "Alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        alarms.addSubscription(new EmailSubscription(config.alarmEmail()));

        deadLetters("EncodeRequests", data.encodeRequests());
        deadLetters("Notifications", data.notifications());
        oldestMessage("EncodeRequests", data.encodeRequests(), config.alarms().oldestEncodeRequestAge());
        oldestMessage("Notifications", data.notifications(), config.alarms().oldestNotificationAge());

        var receiver = services.receiver();
        add(Alarm.Builder.create(this, "Receiver5xxRate")
                .alarmDescription("More than " + config.alarms().alb5xxPercent()
                        + " % of requests to the receiver answered 5xx (target or ALB) for 5 minutes")
                .metric(Metrics.alb5xxPercent(receiver.loadBalancer()))
                .threshold(config.alarms().alb5xxPercent())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(5)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
        add(Alarm.Builder.create(this, "ReceiverUnhealthyHosts")
                .alarmDescription("A receiver task fails the ALB's health check (/livez: the process does not answer) for 3 minutes")
                .metric(receiver.targetGroup().getMetrics().unhealthyHostCount(
                        MetricOptions.builder().statistic("Maximum").period(Duration.minutes(1)).build()))
                .threshold(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(3)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());

        String cluster = services.cluster().getClusterName();
        tasksMissing("Receiver", cluster, receiver.task().service().getServiceName());
        tasksMissing("Encoder", cluster, services.encoder().task().service().getServiceName());
        tasksMissing("Mailer", cluster, services.mailer().task().service().getServiceName());

        mailRate("MailBounceRate", data, "Bounce", BOUNCE_REVIEW_PERCENT, LEAST_SENDS_FOR_BOUNCE_RATE);
        mailRate("MailComplaintRate", data, "Complaint", COMPLAINT_REVIEW_PERCENT, LEAST_SENDS_FOR_COMPLAINT_RATE);
        reputation("SesReputationBounceRate", "Reputation.BounceRate", BOUNCE_REVIEW_PERCENT);
        reputation("SesReputationComplaintRate", "Reputation.ComplaintRate", COMPLAINT_REVIEW_PERCENT);

        throttled("VideosTable", data.videos().table(), List.of(VideosTable.BY_OWNER, VideosTable.BY_PENDING));
        throttled("OwnersTable", data.owners().table(), List.of());

        new PipelineDashboard(this, "Dashboard", config, data, services);
    }

    /**
     * Below its desired count in 5 of 10 minutes: longer than a scale-out or a replacement takes
     * (a minute or two), and a task that dies at start is restarted with growing delays, so the
     * count stays short most of the time. A task that lives through its start period and then
     * fails its health check is short only a minute each round; a deployment's circuit breaker
     * catches that (docs/deploy.md).
     */
    private void tasksMissing(String name, String cluster, String service) {
        add(Alarm.Builder.create(this, name + "TasksMissing")
                .alarmDescription(name + ": fewer tasks running than desired in 5 of the last 10 minutes (tasks crash "
                        + "or fail their health checks, the image does not pull, or Fargate Spot has no capacity: see "
                        + "the service's events and stopped tasks)")
                .metric(Metrics.tasksMissing(cluster, service))
                .threshold(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(10)
                .datapointsToAlarm(5)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
    }

    private void mailRate(String id, Data data, String event, double percent, int leastSends) {
        add(Alarm.Builder.create(this, id)
                .alarmDescription("This stage's mails: " + event.toLowerCase(java.util.Locale.ROOT) + "s were at least "
                        + percentText(percent) + " % of the last day's sends (SES's review level; counted from " + leastSends
                        + " sends a day)")
                .metric(Metrics.mailRatePercent(data.mail().configurationSet().getConfigurationSetName(), event,
                        leastSends, Duration.days(1)))
                .threshold(percent)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
    }

    /** The account's rate, all stages and senders in the region together: what SES acts on. */
    private void reputation(String id, String metric, double percent) {
        add(Alarm.Builder.create(this, id)
                .alarmDescription("SES " + metric + " of the account (every sender in the region) reached "
                        + percentText(percent) + " %, SES's review level: the account may be put under review or paused")
                .metric(Metrics.reputation(metric))
                .threshold(percent / 100)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
    }

    /**
     * The SDK retries a throttled call, so one throttled minute costs latency only; throttling in
     * 3 of 5 minutes means a partition or the on-demand table's ramp-up is the limit.
     */
    private void throttled(String name, ITable table, List<String> indexes) {
        add(Alarm.Builder.create(this, name + "Throttled")
                .alarmDescription(name + ": DynamoDB throttled requests in 3 of the last 5 minutes")
                .metric(Metrics.throttleEvents(table, indexes))
                .threshold(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(5)
                .datapointsToAlarm(3)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
    }

    private void deadLetters(String name, WorkQueue queue) {
        add(Alarm.Builder.create(this, name + "DeadLetters")
                .alarmDescription(name + ": a message gave up after " + WorkQueue.MAX_RECEIVE_COUNT
                        + " receives and waits in the dead-letter queue (find the cause, then redrive)")
                .metric(queue.deadLetters().metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder().statistic("Maximum").period(Duration.minutes(1)).build()))
                .threshold(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
    }

    private void oldestMessage(String name, WorkQueue queue, java.time.Duration threshold) {
        add(Alarm.Builder.create(this, name + "OldestMessage")
                .alarmDescription(name + ": the oldest message has waited over " + threshold.toMinutes() + " minutes")
                .metric(queue.queue().metricApproximateAgeOfOldestMessage(
                        MetricOptions.builder().statistic("Maximum").period(Duration.minutes(1)).build()))
                .threshold(threshold.toSeconds())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(3)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
    }

    private static String percentText(double percent) {
        return java.math.BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString();
    }

    private void add(Alarm alarm) {
        alarm.addAlarmAction(new SnsAction(alarms));
        all.add(alarm);
    }

    public Topic alarmTopic() {
        return alarms;
    }

    public List<Alarm> alarms() {
        return List.copyOf(all);
    }

}
