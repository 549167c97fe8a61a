package dev.videopipeline.infra.aws.operations;

import dev.videopipeline.infra.aws.config.StageConfig;
import dev.videopipeline.infra.aws.data.Data;
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
 *   <li>the receiver has unhealthy targets (its {@code /livez} fails: the process does not answer).</li>
 * </ul>
 */
public class Operations extends Construct {

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

        new PipelineDashboard(this, "Dashboard", config, data, services);
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
