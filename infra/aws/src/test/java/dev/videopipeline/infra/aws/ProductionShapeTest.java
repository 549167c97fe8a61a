package dev.videopipeline.infra.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videopipeline.infra.aws.config.EncoderScaling;
import dev.videopipeline.infra.aws.data.WorkQueue;
import dev.videopipeline.infra.aws.services.ServiceTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * The production shape of both stages, from one offline synth of the whole app: what a reviewer
 * would check by hand in the templates, so a change that breaks it fails the build.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductionShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Synthesized app;

    @BeforeAll
    void synthesizeOnce() {
        app = Synthesized.both();
    }

    @Test
    void cdkNagFindsNothingUnsuppressed() {
        assertThat(NagFindings.errors(app.assembly())).isEmpty();
    }

    @Test
    void cloudFormationValidationOfTheSynthReportsNoError() throws IOException {
        // aws-cdk-lib runs its CloudFormation validation plugin at synth and writes this report.
        JsonNode report = JSON.readTree(app.outdir().resolve("validation-report.json").toFile());
        List<String> errors = new ArrayList<>();
        report.path("pluginReports").forEach(plugin -> plugin.path("violations").forEach(v -> {
            if (!"warning".equals(v.path("severity").asText()) && !"info".equals(v.path("severity").asText())) {
                errors.add(v.path("ruleName").asText() + " " + v.path("description").asText());
            }
        }));
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void everyServiceRollsWithoutDroppingCapacityAndRollsBackByItself(String stage) {
        JsonNode services = app.resources(stage, "AWS::ECS::Service");
        assertThat(services.size()).isEqualTo(3);
        services.forEach(service -> {
            JsonNode deployment = service.path("Properties").path("DeploymentConfiguration");
            assertThat(deployment.path("MinimumHealthyPercent").asInt()).isEqualTo(100);
            assertThat(deployment.path("MaximumPercent").asInt()).isEqualTo(200);
            assertThat(deployment.path("DeploymentCircuitBreaker").path("Enable").asBoolean()).isTrue();
            assertThat(deployment.path("DeploymentCircuitBreaker").path("Rollback").asBoolean()).isTrue();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void encoderScalesByTargetTrackingOnBacklogPerTaskAtTheConfiguredTarget(String stage) {
        EncoderScaling scaling = EncoderScaling.load(stage);
        Template template = app.pipeline(stage);
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of(
                "PolicyType", "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration", Map.of(
                        "TargetValue", scaling.backlogPerTaskTarget(),
                        "ScaleOutCooldown", scaling.scaleOutCooldown().toSeconds(),
                        "ScaleInCooldown", scaling.scaleInCooldown().toSeconds(),
                        "CustomizedMetricSpecification", Map.of("Metrics", List.of(
                                Match.objectLike(Map.of("Id", "visible", "ReturnData", false, "MetricStat", Match.objectLike(Map.of(
                                        "Metric", Match.objectLike(Map.of("Namespace", "AWS/SQS",
                                                "MetricName", "ApproximateNumberOfMessagesVisible")))))),
                                Match.objectLike(Map.of("Id", "running", "ReturnData", false, "MetricStat", Match.objectLike(Map.of(
                                        "Metric", Match.objectLike(Map.of("Namespace", "ECS/ContainerInsights",
                                                "MetricName", "RunningTaskCount")))))),
                                Match.objectLike(Map.of("Id", "backlogPerTask", "ReturnData", true,
                                        "Expression", "IF(running > 0, visible / running, visible)")))))));
        // 0..N: the encoder costs nothing while no video waits.
        var encoderService = app.stage(stage).pipeline().services().encoder();
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of(
                "MinCapacity", scaling.minTasks(), "MaxCapacity", scaling.maxTasks(),
                "ScalableDimension", "ecs:service:DesiredCount",
                "ResourceId", Match.anyValue()));
        assertThat(encoderService.capacity()).isNotNull();
    }

    @Test
    void theBacklogTargetIsAcceptableLatencyOverMeanEncodeTime() {
        EncoderScaling scaling = EncoderScaling.load("production");
        assertThat(scaling.backlogPerTaskTarget()).isEqualTo(
                (double) scaling.acceptableLatency().toSeconds() / scaling.meanEncodeTime().toSeconds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void encoderStopTimeoutCoversALongPollAndTheStopGrace(String stage) {
        var config = app.stage(stage).config();
        JsonNode container = container(stage, app.stage(stage).pipeline().services().encoder().task());
        long graceWithPoll = config.encoder().stopGrace().toSeconds() + 20;
        assertThat(container.path("StopTimeout").asLong()).isGreaterThanOrEqualTo(graceWithPoll).isLessThanOrEqualTo(120);
        assertThat(environment(container)).containsEntry("ENCODER_STOP_GRACE", config.encoder().stopGrace().toSeconds() + "s")
                .containsEntry("ENCODER_MAX_ATTEMPTS", "5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void mediaIsServedByCloudFrontNotTheReceiver(String stage) {
        JsonNode container = container(stage, app.stage(stage).pipeline().services().receiver().task());
        assertThat(environment(container)).containsEntry("PIPELINE_MEDIA_SERVE", "false")
                .hasEntrySatisfying("PIPELINE_MEDIA_BASE_URL", url -> assertThat(url).startsWith("https://"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void bothTablesAreOnDemandEncryptedAndRecoverableKeyedByTheOwnersSubAndBothServicesKnowTheOwnersTable(String stage) {
        JsonNode tables = app.resources(stage, "AWS::DynamoDB::Table");
        assertThat(tables.size()).isEqualTo(2);
        tables.forEach(table -> {
            JsonNode properties = table.path("Properties");
            assertThat(properties.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
            assertThat(properties.path("SSESpecification").path("SSEEnabled").asBoolean()).isTrue();
            assertThat(properties.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean())
                    .isTrue();
        });
        // The owner is the identity token's sub (it stays when the address changes), not the email.
        var data = app.stage(stage).pipeline().data();
        String owners = logicalId(data.owners().table());
        assertThat(tables.path(owners).path("Properties").path("KeySchema")).singleElement().satisfies(key -> {
            assertThat(key.path("AttributeName").asText()).isEqualTo("owner");
            assertThat(key.path("KeyType").asText()).isEqualTo("HASH");
        });
        JsonNode byOwner = Stream.of(tables.path(logicalId(data.videos().table())).path("Properties")
                .path("GlobalSecondaryIndexes")).flatMap(indexes -> {
                    List<JsonNode> all = new ArrayList<>();
                    indexes.forEach(all::add);
                    return all.stream();
                }).filter(index -> index.path("IndexName").asText().equals("byOwner")).findFirst().orElseThrow();
        assertThat(byOwner.path("KeySchema").get(0).path("AttributeName").asText()).isEqualTo("owner");
        assertThat(byOwner.path("KeySchema").get(0).path("KeyType").asText()).isEqualTo("HASH");
        assertThat(byOwner.path("KeySchema").get(1).path("AttributeName").asText()).isEqualTo("createdAt");
        assertThat(app.pipeline(stage).toJSON().toString()).doesNotContain("ownerEmail");
        // The receiver's upload quotas and the encoder's slots and source seconds: the same table.
        var services = app.stage(stage).pipeline().services();
        for (ServiceTask task : List.of(services.receiver().task(), services.encoder().task())) {
            assertThat(container(stage, task).path("Environment").toString())
                    .contains("{\"Name\":\"PIPELINE_OWNERS_TABLE\",\"Value\":{\"Ref\":\"" + owners + "\"}}");
        }
        assertThat(container(stage, services.mailer().task()).path("Environment").toString())
                .doesNotContain("PIPELINE_OWNERS_TABLE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void everyBucketIsPrivateEncryptedAndTlsOnly(String stage) {
        JsonNode buckets = app.resources(stage, "AWS::S3::Bucket");
        assertThat(buckets.size()).isEqualTo(3);
        buckets.forEach(bucket -> {
            JsonNode props = bucket.path("Properties");
            JsonNode block = props.path("PublicAccessBlockConfiguration");
            assertThat(List.of(block.path("BlockPublicAcls").asBoolean(), block.path("BlockPublicPolicy").asBoolean(),
                    block.path("IgnorePublicAcls").asBoolean(), block.path("RestrictPublicBuckets").asBoolean()))
                    .containsOnly(true);
            assertThat(props.path("BucketEncryption").path("ServerSideEncryptionConfiguration").get(0)
                    .path("ServerSideEncryptionByDefault").path("SSEAlgorithm").asText()).isEqualTo("AES256");
        });
        JsonNode policies = app.resources(stage, "AWS::S3::BucketPolicy");
        assertThat(policies.size()).isEqualTo(3);
        policies.forEach(policy -> assertThat(policy.path("Properties").path("PolicyDocument").path("Statement"))
                .anySatisfy(s -> {
                    assertThat(s.path("Effect").asText()).isEqualTo("Deny");
                    assertThat(s.path("Condition").path("Bool").path("aws:SecureTransport").asText()).isEqualTo("false");
                }));
        // No statement anywhere grants to everyone.
        policies.forEach(policy -> policy.path("Properties").path("PolicyDocument").path("Statement").forEach(s -> {
            if (s.path("Effect").asText().equals("Allow")) {
                assertThat(s.path("Principal").toString()).doesNotContain("\"*\"");
            }
        }));
    }

    @Test
    void uploadsGoToGlacierAfter30DaysOpenMultipartUploadsAreAbortedAfterADayAndLeftoverChunkPartsExpire() {
        var uploads = logicalId(app.stage("production").pipeline().data().buckets().uploads());
        JsonNode rules = app.resources("production", "AWS::S3::Bucket").path(uploads).path("Properties")
                .path("LifecycleConfiguration").path("Rules");
        assertThat(rules).anySatisfy(r -> {
            assertThat(r.path("Prefix").asText()).isEqualTo("uploads/");
            assertThat(r.path("Transitions").get(0).path("StorageClass").asText()).isEqualTo("GLACIER");
            assertThat(r.path("Transitions").get(0).path("TransitionInDays").asInt()).isEqualTo(30);
        });
        assertThat(rules).anySatisfy(r ->
                assertThat(r.path("AbortIncompleteMultipartUpload").path("DaysAfterInitiation").asInt()).isEqualTo(1));
        // The tag the encoder puts on every chunk part (ObjectKeys.CHUNK_PART_TAG).
        assertThat(rules).anySatisfy(r -> {
            assertThat(r.path("TagFilters").path(0).path("Key").asText()).isEqualTo("pipeline-object");
            assertThat(r.path("TagFilters").path(0).path("Value").asText()).isEqualTo("chunk-part");
            assertThat(r.path("ExpirationInDays").asInt()).isEqualTo(3);
        });
    }

    @Test
    void mediaIsReadableOnlyByTheDistributionThroughOriginAccessControl() {
        var pipeline = app.stage("production").pipeline();
        String media = logicalId(pipeline.data().buckets().media());
        String distribution = logicalId(pipeline.edge().distribution());
        JsonNode policies = app.resources("production", "AWS::S3::BucketPolicy");
        JsonNode mediaPolicy = Stream.of(policies).flatMap(p -> {
            List<JsonNode> all = new ArrayList<>();
            p.forEach(all::add);
            return all.stream();
        }).filter(p -> p.path("Properties").path("Bucket").path("Ref").asText().equals(media)).findFirst().orElseThrow();
        List<JsonNode> allows = new ArrayList<>();
        mediaPolicy.path("Properties").path("PolicyDocument").path("Statement").forEach(s -> {
            if (s.path("Effect").asText().equals("Allow")) {
                allows.add(s);
            }
        });
        assertThat(allows).singleElement().satisfies(s -> {
            assertThat(s.path("Principal").path("Service").asText()).isEqualTo("cloudfront.amazonaws.com");
            assertThat(s.path("Action").asText()).isEqualTo("s3:GetObject");
            assertThat(s.path("Condition").toString()).contains(distribution);
        });
        app.pipeline("production").resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void bothQueuesHaveADeadLetterQueueAfterFiveReceives(String stage) {
        JsonNode queues = app.resources(stage, "AWS::SQS::Queue");
        assertThat(queues.size()).isEqualTo(4);
        List<JsonNode> redriven = new ArrayList<>();
        queues.forEach(q -> {
            if (q.path("Properties").has("RedrivePolicy")) {
                redriven.add(q);
            }
        });
        assertThat(redriven).hasSize(2).allSatisfy(q ->
                assertThat(q.path("Properties").path("RedrivePolicy").path("maxReceiveCount").asInt())
                        .isEqualTo(WorkQueue.MAX_RECEIVE_COUNT));
    }

    @Test
    void albHealthCheckIsTheReceiversShallowLivenessOnItsPublicPort() {
        // /livez on the traffic port: 200, or 503 while the task stops. The detailed health (S3,
        // DynamoDB, SQS) is on the management port, which the ALB never reaches (EdgeShapeTest).
        app.pipeline("production").hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of(
                "HealthCheckPath", "/livez",
                "HealthCheckPort", "traffic-port",
                "Port", 8080,
                "TargetGroupAttributes", Match.arrayWith(List.of(Map.of(
                        "Key", "deregistration_delay.timeout_seconds", "Value", "30")))));
        app.pipeline("production").hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of(
                "Protocol", "HTTPS", "Port", 443));
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void eachTaskRoleHoldsOnlyTheCallsItsServiceMakes(String stage) {
        var services = app.stage(stage).pipeline().services();
        assertThat(actions(stage, services.receiver().task())).containsExactlyInAnyOrder(
                "s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts",
                "s3:ListBucket", "s3:ListBucketMultipartUploads",
                "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:DescribeTable", "sqs:SendMessage",
                "sqs:GetQueueAttributes", "cloudfront:CreateInvalidation");
        assertThat(actions(stage, services.encoder().task())).containsExactlyInAnyOrder(
                "s3:GetObject", "s3:PutObject", "s3:PutObjectTagging", "s3:DeleteObject", "s3:ListBucket", "dynamodb:GetItem",
                "dynamodb:UpdateItem", "sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:DeleteMessage",
                "sqs:SendMessage", "ecs:UpdateTaskProtection");
        // The encoder reads and updates the owner's item too (its running encodes, source seconds per day).
        var data = app.stage(stage).pipeline().data();
        assertThat(resourcesOf(stage, services.encoder().task()))
                .anySatisfy(r -> assertThat(r).contains(logicalId(data.owners().table())))
                .anySatisfy(r -> assertThat(r).contains(logicalId(data.videos().table())));
        // The mailer never touches S3 nor the encode queue.
        assertThat(actions(stage, services.mailer().task())).containsExactlyInAnyOrder(
                "dynamodb:GetItem", "dynamodb:UpdateItem",
                "sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "ses:SendEmail");
        assertThat(resourcesOf(stage, services.mailer().task()))
                .doesNotContain(logicalId(app.stage(stage).pipeline().data().encodeRequests().queue()))
                .noneMatch(r -> r.contains("Buckets"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void encodersHaveNoRouteOutButToTheAwsApisTheyCall(String stage) {
        var services = app.stage(stage).pipeline().services();
        List<String> encoderSubnets = subnetsOf(stage, services.encoder().task());
        List<String> receiverSubnets = subnetsOf(stage, services.receiver().task());
        assertThat(encoderSubnets).hasSize(2).doesNotContainAnyElementsOf(receiverSubnets);

        assertThat(encoderSubnets).allSatisfy(subnet -> assertThat(defaultRoute(stage, subnet)).as(subnet).isNull());
        assertThat(receiverSubnets).allSatisfy(subnet -> assertThat(defaultRoute(stage, subnet)).as(subnet)
                .isNotNull());
        List<String> endpoints = new ArrayList<>();
        app.resources(stage, "AWS::EC2::VPCEndpoint").forEach(endpoint -> {
            JsonNode properties = endpoint.path("Properties");
            if ("Interface".equals(properties.path("VpcEndpointType").asText())) {
                assertThat(properties.path("PrivateDnsEnabled").asBoolean()).isTrue();
                List<String> in = new ArrayList<>();
                properties.path("SubnetIds").forEach(id -> in.add(id.path("Ref").asText()));
                assertThat(in).containsExactlyInAnyOrderElementsOf(encoderSubnets);
                JsonNode name = properties.path("ServiceName");
                String text = name.isTextual() ? name.asText()
                        : name.path("Fn::Join").path(1).path(name.path("Fn::Join").path(1).size() - 1).asText();
                endpoints.add(text.replaceFirst("^(com\\.amazonaws\\.[a-z0-9-]+)?\\.", ""));
            }
        });
        assertThat(endpoints).containsExactlyInAnyOrder("sqs", "ecr.api", "ecr.dkr", "logs");
    }

    private List<String> subnetsOf(String stage, dev.videopipeline.infra.aws.services.ServiceTask task) {
        List<String> subnets = new ArrayList<>();
        app.resources(stage, "AWS::ECS::Service").path(logicalId(task.service())).path("Properties")
                .path("NetworkConfiguration").path("AwsvpcConfiguration").path("Subnets")
                .forEach(subnet -> subnets.add(subnet.path("Ref").asText()));
        return subnets;
    }

    /** The route to 0.0.0.0/0 of a subnet's route table (through NAT or an internet gateway), or null. */
    private JsonNode defaultRoute(String stage, String subnet) {
        String table = null;
        for (JsonNode association : app.resources(stage, "AWS::EC2::SubnetRouteTableAssociation")) {
            if (subnet.equals(association.path("Properties").path("SubnetId").path("Ref").asText())) {
                table = association.path("Properties").path("RouteTableId").path("Ref").asText();
            }
        }
        assertThat(table).as("route table of " + subnet).isNotNull();
        for (JsonNode route : app.resources(stage, "AWS::EC2::Route")) {
            JsonNode properties = route.path("Properties");
            if (table.equals(properties.path("RouteTableId").path("Ref").asText())
                    && "0.0.0.0/0".equals(properties.path("DestinationCidrBlock").asText())) {
                return route;
            }
        }
        return null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void alarmsReachTheOperatorsTopic(String stage) {
        JsonNode alarms = app.resources(stage, "AWS::CloudWatch::Alarm");
        String topic = logicalId(app.stage(stage).pipeline().operations().alarmTopic());
        List<String> withTopic = new ArrayList<>();
        alarms.fields().forEachRemaining(a -> {
            if (a.getValue().path("Properties").path("AlarmActions").toString().contains(topic)) {
                withTopic.add(a.getKey());
            }
        });
        // DLQ x2, oldest message x2, 5xx rate, unhealthy hosts, tasks missing x3, the stage's mail
        // rates x2, the account's reputation x2, throttling x2; the rest drive scaling.
        assertThat(withTopic).hasSize(15);
        assertThat(withTopic).filteredOn(id -> id.contains("DeadLetters")).hasSize(2);
        assertThat(withTopic).filteredOn(id -> id.contains("OldestMessage")).hasSize(2);
        assertThat(withTopic).filteredOn(id -> id.contains("TasksMissing")).hasSize(3);
        assertThat(withTopic).filteredOn(id -> id.contains("Throttled")).hasSize(2);
        app.pipeline(stage).resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        app.pipeline(stage).hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", app.stage(stage).config().alarmEmail()));
    }

    @Test
    void cloudFrontsCertificateIsInUsEast1AndTheDistributionServesTheDomain() {
        var stage = app.stage("production");
        assertThat(stage.certificates().getRegion()).isEqualTo("us-east-1");
        app.template(stage.certificates()).hasResourceProperties("AWS::CertificateManager::Certificate",
                Map.of("DomainName", stage.config().domain(), "ValidationMethod", "DNS"));
        app.pipeline("production").hasResourceProperties("AWS::CloudFront::Distribution", Map.of(
                "DistributionConfig", Match.objectLike(Map.of(
                        "Aliases", List.of(stage.config().domain()),
                        "ViewerCertificate", Match.objectLike(Map.of("MinimumProtocolVersion", "TLSv1.2_2021")),
                        "CacheBehaviors", List.of(Match.objectLike(Map.of("PathPattern", "media/*")))))));
        app.pipeline("production").resourceCountIs("AWS::Route53::RecordSet", 3 + 1 + 2);
    }

    /** AWS's offline CloudFormation linter (npm @aws/cloudformation-validate) finds no error in any template. */
    @Test
    void templatesPassCloudFormationValidation() throws Exception {
        Path validate = Path.of("validate").toAbsolutePath();
        assertThat(node(validate, "../../../tools/npm-ci-if-changed.js", ".")).isZero();

        assertThat(node(validate, "validate-templates.mjs", app.outdir().toString()))
                .as("validate-templates.mjs exit code (the findings are printed above)").isZero();
    }

    private static int node(Path dir, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("node"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        // Through System.out, where the test runner collects output (a child writing to the same
        // native stream would garble its channel).
        try (var lines = process.inputReader()) {
            lines.lines().forEach(System.out::println);
        }
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("node " + String.join(" ", arguments) + " ran longer than 5 minutes");
        }
        return process.exitValue();
    }

    @Test
    void twoSynthsOfTheSameCodeAreByteIdentical() throws IOException {
        Synthesized again = Synthesized.both();
        List<Path> first = templates(app.outdir());
        List<Path> second = templates(again.outdir());
        assertThat(second.stream().map(p -> again.outdir().relativize(p).toString()).toList())
                .isEqualTo(first.stream().map(p -> app.outdir().relativize(p).toString()).toList())
                .isNotEmpty();
        for (int i = 0; i < first.size(); i++) {
            assertThat(Files.readString(second.get(i))).as(first.get(i).getFileName().toString())
                    .isEqualTo(Files.readString(first.get(i)));
        }
    }

    private static List<Path> templates(Path outdir) throws IOException {
        try (Stream<Path> files = Files.walk(outdir)) {
            return files.filter(p -> p.toString().endsWith(".template.json")).sorted().toList();
        }
    }

    private JsonNode container(String stage, ServiceTask task) {
        return app.resources(stage, "AWS::ECS::TaskDefinition").path(logicalId(task.taskDefinition()))
                .path("Properties").path("ContainerDefinitions").get(0);
    }

    private static Map<String, String> environment(JsonNode container) {
        var env = new java.util.TreeMap<String, String>();
        container.path("Environment").forEach(e -> env.put(e.path("Name").asText(), e.path("Value").asText()));
        return env;
    }

    /** Every action in the policies attached to the service's task role. */
    private Set<String> actions(String stage, ServiceTask task) {
        Set<String> actions = new TreeSet<>();
        statementsOf(stage, task).forEach(s -> {
            JsonNode action = s.path("Action");
            if (action.isArray()) {
                action.forEach(a -> actions.add(a.asText()));
            } else {
                actions.add(action.asText());
            }
        });
        return actions;
    }

    private List<String> resourcesOf(String stage, ServiceTask task) {
        List<String> resources = new ArrayList<>();
        statementsOf(stage, task).forEach(s -> resources.add(s.path("Resource").toString()));
        return resources;
    }

    private List<JsonNode> statementsOf(String stage, ServiceTask task) {
        String role = logicalId(task.taskRole());
        List<JsonNode> statements = new ArrayList<>();
        app.resources(stage, "AWS::IAM::Policy").forEach(policy -> {
            if (policy.path("Properties").path("Roles").toString().contains("\"" + role + "\"")) {
                policy.path("Properties").path("PolicyDocument").path("Statement").forEach(s -> {
                    assertThat(s.path("Effect").asText()).isEqualTo("Allow");
                    statements.add(s);
                });
            }
        });
        assertThat(statements).as("statements of " + role).isNotEmpty();
        return statements;
    }

    private static String logicalId(IConstruct construct) {
        var element = (CfnElement) construct.getNode().getDefaultChild();
        return (String) Stack.of(construct).resolve(element.getLogicalId());
    }
}
