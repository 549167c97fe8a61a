package dev.videopipeline.infra.aws.services;

import java.time.Duration;
import java.util.List;
import software.amazon.awscdk.services.applicationautoscaling.AdjustmentType;
import software.amazon.awscdk.services.applicationautoscaling.BasicStepScalingPolicyProps;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.applicationautoscaling.ScalingInterval;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.constructs.Construct;

/**
 * The mailer: a small worker on the notifications queue, scaled in steps on the queue's depth
 * (its work is short and even: depth says enough, no per-task math needed).
 */
public class MailerService extends Construct {

    /** The mailer's stop grace (mailer.stop-grace) plus one long poll plus exit. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20 + 20 + 10);
    /** The mailer's own port: its health and metrics, inside the task only ({@code MAILER_PORT}). */
    public static final int PORT = 8082;
    /** A quarter of a vCPU starts the JVM and polls within half a minute; twice that. */
    static final Duration HEALTH_START_PERIOD = Duration.ofMinutes(1);
    /** ECS's default: the answer is a field read, and the task is never busy for long. */
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

    private final ServiceTask task;

    public MailerService(Construct scope, String id, ServiceProps props) {
        super(scope, id);
        var config = props.config();
        var cluster = props.cluster();
        var data = props.data();
        var env = Services.commonEnvironment(config, data);
        env.put("PIPELINE_MAIL_FROM", config.mail().from());
        env.put("PIPELINE_PUBLIC_BASE_URL", config.publicBaseUrl());
        env.put("PIPELINE_MEDIA_BASE_URL", config.publicBaseUrl());
        env.put("MAILER_CONFIGURATION_SET", data.mail().configurationSet().getConfigurationSetName());
        env.put("MAILER_PORT", Integer.toString(PORT));
        var size = config.mailer().size();
        this.task = new ServiceTask(this, "Mailer", ServiceTaskProps.builder()
                .config(config).cluster(cluster).network(props.network()).image(props.image()).size(size)
                .environment(env)
                .permissions(TaskPermissions.mailer(data))
                .stopTimeout(STOP_TIMEOUT)
                // Java only (no native library): Graviton, at a fifth less than x86.
                .architecture(CpuArchitecture.ARM64)
                .healthCheck(WorkerLiveness.on(PORT, HEALTH_TIMEOUT, HEALTH_START_PERIOD))
                .build());

        int perTask = config.mailer().messagesPerTask();
        var scaling = task.service().autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(size.minTasks()).maxCapacity(size.maxTasks()).build());
        scaling.scaleOnMetric("QueueDepth", BasicStepScalingPolicyProps.builder()
                .metric(data.notifications().queue().metricApproximateNumberOfMessagesVisible())
                .adjustmentType(AdjustmentType.CHANGE_IN_CAPACITY)
                .scalingSteps(List.of(
                        ScalingInterval.builder().upper(perTask / 10).change(-1).build(),
                        ScalingInterval.builder().lower(perTask).change(+1).build(),
                        ScalingInterval.builder().lower(perTask * 5).change(+3).build()))
                .cooldown(software.amazon.awscdk.Duration.minutes(2))
                .build());
    }

    public ServiceTask task() {
        return task;
    }
}
