package dev.videopipeline.infra.aws.services;

import dev.videopipeline.infra.aws.config.EncoderScaling;
import dev.videopipeline.infra.aws.config.StageConfig;
import dev.videopipeline.infra.aws.data.Data;
import dev.videopipeline.infra.aws.data.WorkQueue;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.applicationautoscaling.AdjustmentType;
import software.amazon.awscdk.services.applicationautoscaling.BasicStepScalingPolicyProps;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTarget;
import software.amazon.awscdk.services.applicationautoscaling.ScalingInterval;
import software.amazon.awscdk.services.applicationautoscaling.ServiceNamespace;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.constructs.Construct;

/**
 * The encoder: 0..N big tasks on the encode queue, scaled by target tracking on backlog per task
 * (visible requests / running tasks, metric math) at the target {@link EncoderScaling} derives
 * from the acceptable latency and the mean encode time. Target tracking cannot grow a service from
 * zero tasks (it multiplies the current count), so a step policy starts the first task when
 * requests wait and none runs.
 *
 * <p>The backlog counts waiting requests only, not those being encoded: a busy encoder protects its
 * own task from scale-in (ScaleInProtection in the encoder), so when only work in flight is left
 * and the backlog reads 0, scale-in stops the idle tasks and leaves the busy ones to finish. The
 * target is then what it says: requests one task may have waiting for it.
 *
 * <p>The first task runs on on-demand Fargate, every further one on Fargate Spot: ECS never moves
 * a task from Spot to on-demand when Spot has no capacity, so the base keeps one encoder draining
 * the queue whatever Spot does. A rolling update and a scale-in stop only idle tasks (a busy one
 * is protected until its job ends); a Spot interruption (two minutes' notice) stops a busy one
 * too, with SIGTERM: the worker stops receiving, lets running jobs finish within
 * {@code encoder.stop-grace} and hands the rest back (claim released, request sent again, no
 * attempt counted); the stop timeout covers one long poll plus that grace, and fits in Spot's two
 * minutes.
 */
public class EncoderService extends Construct {

    static final String RUNNING_TASKS_NAMESPACE = "ECS/ContainerInsights";
    /** The encoder's own port: its health and metrics, inside the task only ({@code ENCODER_PORT}). */
    public static final int PORT = 8081;
    /**
     * The JVM's start, JavaCPP unpacking FFmpeg's native libraries (~100 MB) into its cache on the
     * first load in a fresh task, and the first long poll: a generous two minutes.
     */
    static final java.time.Duration HEALTH_START_PERIOD = java.time.Duration.ofMinutes(2);
    /** One job keeps every core busy: the liveness answer may wait for a CPU. */
    static final java.time.Duration HEALTH_TIMEOUT = java.time.Duration.ofSeconds(10);
    /** On-demand tasks under the Spot ones. */
    public static final int ON_DEMAND_BASE = 1;
    /** The task's disk: a source (up to the upload limit, 5 GiB) and its renditions are on it during a job. */
    static final int EPHEMERAL_STORAGE_GIB = 50;

    private final ServiceTask task;
    private final ScalableTarget capacity;
    private final CfnScalingPolicy backlogPolicy;

    public EncoderService(Construct scope, String id, ServiceProps props) {
        super(scope, id);
        var config = props.config();
        var cluster = props.cluster();
        var network = props.network();
        var data = props.data();
        var encoder = config.encoder();
        var env = Services.commonEnvironment(config, data);
        env.put("ENCODER_CONCURRENCY", Integer.toString(encoder.concurrency()));
        env.put("ENCODER_MAX_DURATION", Services.seconds(encoder.maxDuration()));
        env.put("ENCODER_STOP_GRACE", Services.seconds(encoder.stopGrace()));
        env.put("ENCODER_MAX_ATTEMPTS", Integer.toString(WorkQueue.MAX_RECEIVE_COUNT));
        env.put("ENCODER_WORK_DIR", "/tmp/video-pipeline-encoder");
        env.put("ENCODER_PORT", Integer.toString(PORT));
        // The encode queue's visibility timeout is the same lease (data.Data).
        env.put("ENCODER_LEASE", Services.seconds(StageConfig.Encoder.LEASE));
        env.put("ENCODER_HEARTBEAT", Services.seconds(StageConfig.Encoder.HEARTBEAT));
        // Each owner's running-encode slots and source seconds per day, in the receiver's owners table.
        env.put("PIPELINE_OWNERS_TABLE", data.owners().table().getTableName());
        this.task = new ServiceTask(this, "Encoder", ServiceTaskProps.builder()
                .config(config).cluster(cluster).network(network).image(props.image()).size(encoder.size())
                // Only AWS APIs: isolated subnets reach S3, DynamoDB and the interface endpoints, nothing else.
                .subnets(network.isolatedSubnets())
                .ephemeralStorageGiB(EPHEMERAL_STORAGE_GIB)
                .environment(env)
                .permissions(TaskPermissions.encoder(data, cluster))
                .stopTimeout(encoder.stopTimeout())
                // FFmpeg comes as JavaCV's linux-x86_64 build.
                .architecture(CpuArchitecture.X86_64)
                .healthCheck(WorkerLiveness.on(PORT, HEALTH_TIMEOUT, HEALTH_START_PERIOD))
                .capacity(List.of(
                        CapacityProviderStrategy.builder().capacityProvider("FARGATE").base(ON_DEMAND_BASE).weight(0).build(),
                        CapacityProviderStrategy.builder().capacityProvider("FARGATE_SPOT").weight(1).build()))
                .build());

        EncoderScaling scaling = encoder.scaling();
        var service = task.service();
        this.capacity = ScalableTarget.Builder.create(this, "Capacity")
                .serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/" + cluster.getClusterName() + "/" + service.getServiceName())
                .scalableDimension("ecs:service:DesiredCount")
                .minCapacity(scaling.minTasks())
                .maxCapacity(scaling.maxTasks())
                .build();
        capacity.getNode().addDependency(service);

        String queueName = data.encodeRequests().queue().getQueueName();
        this.backlogPolicy = backlogPerTask(scaling, queueName, cluster.getClusterName(), service.getServiceName());

        capacity.scaleOnMetric("StartFromZero", BasicStepScalingPolicyProps.builder()
                .metric(waitingWithNoTask(data, cluster.getClusterName(), service.getServiceName()))
                .adjustmentType(AdjustmentType.CHANGE_IN_CAPACITY)
                .scalingSteps(List.of(
                        ScalingInterval.builder().upper(0).change(0).build(),
                        ScalingInterval.builder().lower(1).change(+1).build()))
                .evaluationPeriods(1)
                .cooldown(Duration.seconds(scaling.scaleOutCooldown().toSeconds()))
                .build());
    }

    /**
     * Target tracking on {@code visible / running}: a CloudFormation-level policy, because the CDK's
     * target-tracking construct takes one metric, not metric math.
     */
    private CfnScalingPolicy backlogPerTask(EncoderScaling scaling, String queueName, String clusterName,
                                            String serviceName) {
        var visible = CfnScalingPolicy.TargetTrackingMetricDataQueryProperty.builder()
                .id("visible")
                .metricStat(CfnScalingPolicy.TargetTrackingMetricStatProperty.builder()
                        .metric(CfnScalingPolicy.TargetTrackingMetricProperty.builder()
                                .namespace("AWS/SQS")
                                .metricName("ApproximateNumberOfMessagesVisible")
                                .dimensions(List.of(dimension("QueueName", queueName)))
                                .build())
                        .stat("Sum")
                        .build())
                .returnData(false)
                .build();
        var running = CfnScalingPolicy.TargetTrackingMetricDataQueryProperty.builder()
                .id("running")
                .metricStat(CfnScalingPolicy.TargetTrackingMetricStatProperty.builder()
                        .metric(CfnScalingPolicy.TargetTrackingMetricProperty.builder()
                                .namespace(RUNNING_TASKS_NAMESPACE)
                                .metricName("RunningTaskCount")
                                .dimensions(List.of(dimension("ClusterName", clusterName),
                                        dimension("ServiceName", serviceName)))
                                .build())
                        .stat("Average")
                        .build())
                .returnData(false)
                .build();
        var backlogPerTask = CfnScalingPolicy.TargetTrackingMetricDataQueryProperty.builder()
                .id("backlogPerTask")
                // Waiting only: requests being encoded are left out, their tasks protected from scale-in.
                .label("Encode requests waiting (visible) per running encoder task")
                .expression(BACKLOG_PER_TASK)
                .returnData(true)
                .build();
        return CfnScalingPolicy.Builder.create(this, "BacklogPerTask")
                .policyName("encoder-backlog-per-task")
                .policyType("TargetTrackingScaling")
                .scalingTargetId(capacity.getScalableTargetId())
                .targetTrackingScalingPolicyConfiguration(
                        CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty.builder()
                                .targetValue(scaling.backlogPerTaskTarget())
                                .scaleOutCooldown((int) scaling.scaleOutCooldown().toSeconds())
                                .scaleInCooldown((int) scaling.scaleInCooldown().toSeconds())
                                .customizedMetricSpecification(
                                        CfnScalingPolicy.CustomizedMetricSpecificationProperty.builder()
                                                .metrics(List.of(visible, running, backlogPerTask))
                                                .build())
                                .build())
                .build();
    }

    /** With no task running the backlog is the whole queue (no division by zero). */
    public static final String BACKLOG_PER_TASK = "IF(running > 0, visible / running, visible)";

    /** 1 while requests wait and no encoder runs, else 0. */
    private static IMetric waitingWithNoTask(Data data, String clusterName, String serviceName) {
        Map<String, IMetric> using = new TreeMap<>();
        using.put("visible", data.encodeRequests().queue().metricApproximateNumberOfMessagesVisible(
                software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                        .statistic("Maximum").period(Duration.minutes(1)).build()));
        using.put("running", runningTasks(clusterName, serviceName));
        return MathExpression.Builder.create()
                .expression("IF(FILL(running, 0) < 1 AND visible > 0, 1, 0)")
                .usingMetrics(using)
                .label("encode requests waiting with no encoder running")
                .period(Duration.minutes(1))
                .build();
    }

    /** Running tasks of a service, from Container Insights. */
    public static Metric runningTasks(String clusterName, String serviceName) {
        Map<String, String> dimensions = new TreeMap<>();
        dimensions.put("ClusterName", clusterName);
        dimensions.put("ServiceName", serviceName);
        return Metric.Builder.create()
                .namespace(RUNNING_TASKS_NAMESPACE)
                .metricName("RunningTaskCount")
                .dimensionsMap(dimensions)
                .statistic("Average")
                .period(Duration.minutes(1))
                .build();
    }

    private static CfnScalingPolicy.TargetTrackingMetricDimensionProperty dimension(String name, String value) {
        return CfnScalingPolicy.TargetTrackingMetricDimensionProperty.builder().name(name).value(value).build();
    }

    public ServiceTask task() {
        return task;
    }

    public ScalableTarget capacity() {
        return capacity;
    }

    public CfnScalingPolicy backlogPolicy() {
        return backlogPolicy;
    }
}
