package dev.videopipeline.infra.aws.services;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * What every service has alike: a Fargate task of one container, its own task role holding exactly
 * the statements the service needs, logs in a log group with the stage's retention, and a rolling
 * deployment that never drops below the running count (min healthy 100 %, max 200 %) and rolls
 * back by itself when new tasks keep failing to start or to become healthy (circuit breaker: a
 * worker's container health check, the receiver's load balancer check).
 */
public class ServiceTask extends Construct {

    /** The container's name in every task definition. */
    public static final String CONTAINER = "app";

    private final FargateTaskDefinition taskDefinition;
    private final ContainerDefinition container;
    private final Role taskRole;
    private final SecurityGroup securityGroup;
    private final FargateService service;
    private final LogGroup logGroup;

    public ServiceTask(Construct scope, String id, ServiceTaskProps props) {
        super(scope, id);
        var config = props.config();
        var size = props.size();
        this.taskRole = Role.Builder.create(this, "TaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description(id + ": only the calls the service makes")
                .build();
        props.permissions().forEach(taskRole::addToPolicy);

        var taskBuilder = FargateTaskDefinition.Builder.create(this, "Task")
                .cpu(size.cpu())
                .memoryLimitMiB(size.memoryMib())
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(props.architecture())
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .build())
                .taskRole(taskRole);
        if (props.ephemeralStorageGiB() != null) {
            taskBuilder.ephemeralStorageGiB(props.ephemeralStorageGiB());
        }
        this.taskDefinition = taskBuilder.build();
        var logs = this.logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(retention(config.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        var containerOptions = ContainerDefinitionOptions.builder()
                .image(props.image())
                .essential(true)
                .environment(props.environment())
                .stopTimeout(software.amazon.awscdk.Duration.seconds(props.stopTimeout().toSeconds()))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix(id.toLowerCase()).build()));
        if (props.port() != null) {
            containerOptions.portMappings(List.of(PortMapping.builder().containerPort(props.port()).build()));
        }
        if (props.healthCheck() != null) {
            containerOptions.healthCheck(props.healthCheck());
        }
        this.container = taskDefinition.addContainer(CONTAINER, containerOptions.build());

        // Tasks only call AWS APIs (HTTPS); nothing else leaves them.
        this.securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(props.network().vpc())
                .description(id + " tasks: HTTPS out to AWS APIs only")
                .allowAllOutbound(false)
                .build();
        securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "AWS APIs over HTTPS");

        var serviceBuilder = FargateService.Builder.create(this, "Service")
                .cluster(props.cluster())
                .taskDefinition(taskDefinition)
                .vpcSubnets(props.subnets())
                .securityGroups(List.of(securityGroup))
                .assignPublicIp(false)
                .minHealthyPercent(100)
                .maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .desiredCount(size.minTasks());
        if (props.capacity() != null) {
            serviceBuilder.capacityProviderStrategies(props.capacity());
        }
        if (props.healthCheckGracePeriod() != null) {
            serviceBuilder.healthCheckGracePeriod(
                    software.amazon.awscdk.Duration.seconds(props.healthCheckGracePeriod().toSeconds()));
        }
        this.service = serviceBuilder.build();
        if (props.capacity() != null) {
            // After the cluster's capacity provider association too (a child of the cluster, made at
            // synth): CloudFormation refuses a strategy naming a provider the cluster has not got yet.
            service.getNode().addDependency(props.cluster());
        }

        NagSuppressions.addResourceSuppressions(taskRole, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Object-level actions on the service's own key prefix (uploads/*, media/*: keys are "
                        + "uploads/{id}/source, uploads/{id}/chunks/... and media/{id}/...), Query on the videos table's indexes "
                        + "(byOwner, byPending): every video id is a resource, so the grant is a prefix; and "
                        + "the encoder's UpdateTaskProtection on its cluster's tasks: a task's id is known only "
                        + "once it runs, so the grant is the cluster's task prefix.")
                .appliesTo(List.of(
                        RegexAppliesTo.builder().regex("/^Resource::<.+\\.Arn>\\/(uploads|media)\\/\\*(\\/chunks\\/\\*)?$/g").build(),
                        RegexAppliesTo.builder().regex("/^Resource::<.+Table.+\\.Arn>\\/index\\/\\*$/g").build(),
                        RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:ecs:.+:task\\/<.+>\\/\\*$/g").build()))
                .build()), true);
        NagSuppressions.addResourceSuppressions(taskDefinition.obtainExecutionRole(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("ecr:GetAuthorizationToken, which ECS needs to pull the image, has no resource-level "
                        + "permissions (Resource must be *); the role's other statements name the image "
                        + "repository and the service's log group.")
                .appliesTo(List.of("Resource::*"))
                .build()), true);
        NagSuppressions.addResourceSuppressions(taskDefinition, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-ECS2")
                .reason("The environment holds resource names, queue URLs, the user pool's public identifiers "
                        + "(pool, public client without a secret, sign-in URL) and tuning only (docs/architecture.md, Configuration); "
                        + "the services have no secrets: AWS credentials come from the task role.")
                .build()), true);
    }

    private static RetentionDays retention(int days) {
        return switch (days) {
            case 7 -> RetentionDays.ONE_WEEK;
            case 14 -> RetentionDays.TWO_WEEKS;
            case 30 -> RetentionDays.ONE_MONTH;
            case 90 -> RetentionDays.THREE_MONTHS;
            case 180 -> RetentionDays.SIX_MONTHS;
            case 365 -> RetentionDays.ONE_YEAR;
            default -> throw new IllegalArgumentException("log-retention-days " + days + ": use 7, 14, 30, 90, 180 or 365");
        };
    }

    public FargateTaskDefinition taskDefinition() {
        return taskDefinition;
    }

    public ContainerDefinition container() {
        return container;
    }

    public Role taskRole() {
        return taskRole;
    }

    public SecurityGroup securityGroup() {
        return securityGroup;
    }

    public LogGroup logGroup() {
        return logGroup;
    }

    public FargateService service() {
        return service;
    }
}
