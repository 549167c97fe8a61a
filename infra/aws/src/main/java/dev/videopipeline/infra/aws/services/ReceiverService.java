package dev.videopipeline.infra.aws.services;

import dev.videopipeline.infra.aws.edge.OriginVerify;
import dev.videopipeline.infra.aws.identity.Identity;
import java.time.Duration;
import java.util.List;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.CertificateValidation;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.RequestCountScalingProps;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.FixedResponseOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.LoadBalancerTarget;
import software.constructs.Construct;

/**
 * The receiver: the HTTP service behind an internet-facing ALB that only CloudFront reaches (its
 * security group admits CloudFront's origin-facing prefix list, on HTTPS only), and only our
 * distribution: the listener answers 403 unless the request carries the origin secret
 * ({@link OriginVerify}). The ALB has its own name ({@code origin.<domain>}) and certificate, so
 * CloudFront talks TLS to it end to end. The ALB reaches the tasks on {@link #PORT} only; the
 * management port is in no target group or listener, and no security group rule admits it.
 * At least two tasks (one per AZ); scaled on CPU and on requests per task. Callers sign in with the
 * stage's user pool ({@link Identity}).
 */
public class ReceiverService extends Construct {

    public static final int PORT = 8080;
    /**
     * Health with details and metrics (Prometheus), answered without a token to whoever reaches it:
     * so reached from inside the task only (no port mapping, target group or security group rule).
     */
    public static final int MANAGEMENT_PORT = 8081;
    /**
     * The ALB's health check, on the public port: a shallow answer (200, or 503 once the task is
     * stopping). Whether S3, DynamoDB and SQS answer is the management port's detailed health.
     */
    public static final String LIVENESS_PATH = "/livez";
    /** In-flight requests get this long after a task leaves the target group (a short rolling update). */
    static final Duration DEREGISTRATION_DELAY = Duration.ofSeconds(30);
    /** The receiver finishes requests in flight on SIGTERM; uploads longer than this are cut. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** The ALB checks each task this often; {@link #HEALTHY_CHECKS} passes in a row make it healthy. */
    static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(15);
    static final int HEALTHY_CHECKS = 2;
    /** Failed checks in a row that take a task out of the target group. */
    static final int UNHEALTHY_CHECKS = 3;
    /**
     * A new task's failing ALB checks are ignored this long: the JVM's start on half a vCPU (under a
     * minute) and the {@link #HEALTHY_CHECKS} passing checks, {@link #HEALTH_CHECK_INTERVAL} apart,
     * that make it healthy.
     */
    static final Duration HEALTH_CHECK_GRACE_PERIOD = Duration.ofSeconds(90);

    private final ServiceTask task;
    private final ApplicationLoadBalancer loadBalancer;
    private final ApplicationListener listener;
    private final ApplicationTargetGroup targetGroup;

    public ReceiverService(Construct scope, String id, ReceiverServiceProps props) {
        super(scope, id);
        var config = props.service().config();
        var network = props.service().network();
        var data = props.service().data();
        var identity = props.identity();
        var edge = props.edge();
        var zone = props.zone();
        var env = Services.commonEnvironment(config, data);
        env.put("RECEIVER_PORT", Integer.toString(PORT));
        env.put("RECEIVER_MANAGEMENT_PORT", Integer.toString(MANAGEMENT_PORT));
        env.put("PIPELINE_MEDIA_BASE_URL", config.publicBaseUrl());
        // CloudFront serves media/* from the bucket: the receiver's local /media route stays off.
        env.put("PIPELINE_MEDIA_SERVE", "false");
        // Deleting a video invalidates /media/{id}/* there, so the edge stops serving it.
        env.put("PIPELINE_MEDIA_DISTRIBUTION_ID", edge.distribution().getDistributionId());
        env.put("PIPELINE_OWNERS_TABLE", data.owners().table().getTableName());
        // Bearer tokens are the user pool's ID tokens (application-aws.yml); the receiver refuses to
        // start without any of these.
        env.put("MICRONAUT_ENVIRONMENTS", "aws");
        env.put("PIPELINE_AUTH_ISSUER", identity.issuer());
        env.put("PIPELINE_AUTH_JWKS_URL", identity.jwksUrl());
        env.put("PIPELINE_AUTH_CLIENT_ID", identity.webClient().getUserPoolClientId());
        env.put("PIPELINE_AUTH_SIGN_IN_URL", identity.signInUrl());
        var size = config.receiver().size();
        this.task = new ServiceTask(this, "Receiver", ServiceTaskProps.builder()
                .config(config).cluster(props.service().cluster()).network(network).image(props.service().image()).size(size)
                .environment(env)
                .permissions(TaskPermissions.receiver(data, edge.distribution()))
                .stopTimeout(STOP_TIMEOUT)
                .port(PORT)
                // Java only (no native library): Graviton, at a fifth less than x86.
                .architecture(CpuArchitecture.ARM64)
                .healthCheckGracePeriod(HEALTH_CHECK_GRACE_PERIOD)
                .build());

        var albSecurityGroup = SecurityGroup.Builder.create(this, "LoadBalancerSecurityGroup")
                .vpc(network.vpc())
                .description("receiver ALB: HTTPS from CloudFront only")
                .allowAllOutbound(false)
                .build();
        albSecurityGroup.addIngressRule(Peer.prefixList(config.cloudFrontPrefixListId()), Port.tcp(443),
                "CloudFront origin-facing servers");
        this.loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(network.vpc())
                .internetFacing(true)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .securityGroup(albSecurityGroup)
                .dropInvalidHeaderFields(true)
                .build();
        loadBalancer.logAccessLogs(data.buckets().logs(), "alb");

        var certificate = Certificate.Builder.create(this, "OriginCertificate")
                .domainName(config.originDomain())
                .validation(CertificateValidation.fromDns(zone))
                .build();
        // HTTPS only: viewers are redirected from HTTP to HTTPS by CloudFront, the one client of
        // this ALB; a port-80 rule for CloudFront's prefix list would not fit the security
        // group's default rule quota (the list counts as ~55 rules).
        this.listener = loadBalancer.addListener("Https", BaseApplicationListenerProps.builder()
                .protocol(ApplicationProtocol.HTTPS)
                .port(443)
                .open(false)
                .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                .certificates(List.of(ListenerCertificate.fromCertificateManager(certificate)))
                // Without the origin secret: another distribution (all of CloudFront shares the prefix list).
                .defaultAction(ListenerAction.fixedResponse(403, FixedResponseOptions.builder()
                        .contentType("text/plain").messageBody("Forbidden").build()))
                .build());
        this.targetGroup = listener.addTargets("Receiver", AddApplicationTargetsProps.builder()
                .priority(1)
                .conditions(List.of(ListenerCondition.httpHeader(OriginVerify.HEADER,
                        edge.originVerify().acceptedValues())))
                .protocol(ApplicationProtocol.HTTP)
                .port(PORT)
                .targets(List.of(task.service().loadBalancerTarget(LoadBalancerTargetOptions.builder()
                        .containerName(ServiceTask.CONTAINER).containerPort(PORT).build())))
                .healthCheck(HealthCheck.builder()
                        .path(LIVENESS_PATH)
                        // The public port, never the management one: the ALB's group reaches only PORT.
                        .port("traffic-port")
                        .healthyHttpCodes("200")
                        .interval(software.amazon.awscdk.Duration.seconds(HEALTH_CHECK_INTERVAL.toSeconds()))
                        .healthyThresholdCount(HEALTHY_CHECKS)
                        .unhealthyThresholdCount(UNHEALTHY_CHECKS)
                        .build())
                .deregistrationDelay(software.amazon.awscdk.Duration.seconds(DEREGISTRATION_DELAY.toSeconds()))
                .build());
        ARecord.Builder.create(this, "OriginRecord")
                .zone(zone)
                .recordName(config.originDomain())
                .target(RecordTarget.fromAlias(new LoadBalancerTarget(loadBalancer)))
                .build();

        var scaling = task.service().autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(size.minTasks()).maxCapacity(size.maxTasks()).build());
        scaling.scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder()
                .targetUtilizationPercent(config.receiver().cpuTargetPercent()).build());
        scaling.scaleOnRequestCount("Requests", RequestCountScalingProps.builder()
                .requestsPerTarget(config.receiver().requestsPerTarget())
                .targetGroup(targetGroup)
                .build());
    }

    public ServiceTask task() {
        return task;
    }

    public ApplicationLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    /** The HTTPS listener, with the origin-secret rule and the target group under it. */
    public ApplicationListener listener() {
        return listener;
    }

    public ApplicationTargetGroup targetGroup() {
        return targetGroup;
    }
}
