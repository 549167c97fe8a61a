package dev.videopipeline.infra.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videopipeline.infra.aws.services.ServiceTask;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * What ECS does with the services (docs/deploy.md sections 3, 6 and 7): where their tasks run
 * (Fargate Spot above one on-demand encoder; Graviton for the two without native code), how ECS
 * knows a task is healthy and rolls back a release that is not, how the encoder's lease and its
 * queue's visibility stay one number, and where the services' metrics go.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServicesShapeTest {

    private Synthesized app;

    @BeforeAll
    void synthesizeOnce() {
        app = Synthesized.both();
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void theEncoderRunsOneOnDemandTaskAndEveryFurtherOneOnSpot(String stage) {
        var services = app.stage(stage).pipeline().services();
        JsonNode encoder = service(stage, services.encoder().task());
        JsonNode strategy = encoder.path("Properties").path("CapacityProviderStrategy");
        assertThat(strategy).hasSize(2);
        assertThat(strategy.get(0).path("CapacityProvider").asText()).isEqualTo("FARGATE");
        assertThat(strategy.get(0).path("Base").asInt()).isEqualTo(1);
        assertThat(strategy.get(0).path("Weight").asInt()).isZero();
        assertThat(strategy.get(1).path("CapacityProvider").asText()).isEqualTo("FARGATE_SPOT");
        assertThat(strategy.get(1).path("Base").asInt()).isZero();
        assertThat(strategy.get(1).path("Weight").asInt()).isEqualTo(1);
        // A strategy and a launch type exclude each other.
        assertThat(encoder.path("Properties").has("LaunchType")).isFalse();

        // The cluster has both providers, and the service is made after they are associated.
        JsonNode associations = app.resources(stage, "AWS::ECS::ClusterCapacityProviderAssociations");
        assertThat(associations.size()).isEqualTo(1);
        var association = associations.fields().next();
        assertThat(association.getValue().path("Properties").path("CapacityProviders")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("FARGATE", "FARGATE_SPOT");
        assertThat(encoder.path("DependsOn")).extracting(JsonNode::asText).contains(association.getKey());

        // Receivers take traffic and the mailer is one task: both on demand.
        for (ServiceTask task : List.of(services.receiver().task(), services.mailer().task())) {
            JsonNode properties = service(stage, task).path("Properties");
            assertThat(properties.path("LaunchType").asText()).isEqualTo("FARGATE");
            assertThat(properties.has("CapacityProviderStrategy")).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void theReceiverAndTheMailerRunOnArm64AndTheEncoderOnX86(String stage) {
        var services = app.stage(stage).pipeline().services();
        assertThat(architecture(stage, services.receiver().task())).isEqualTo("ARM64");
        assertThat(architecture(stage, services.mailer().task())).isEqualTo("ARM64");
        // JavaCV's FFmpeg is a linux-x86_64 build.
        assertThat(architecture(stage, services.encoder().task())).isEqualTo("X86_64");
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void theWorkersContainersCheckTheirLivenessOnTheirOwnPortWithAStartPeriod(String stage) {
        var services = app.stage(stage).pipeline().services();
        JsonNode encoder = container(stage, services.encoder().task());
        assertThat(environment(encoder)).containsEntry("ENCODER_PORT", "8081");
        assertHealthCheck(encoder.path("HealthCheck"), "curl -fsS http://localhost:8081/health/liveness || exit 1", 10, 120);

        JsonNode mailer = container(stage, services.mailer().task());
        assertThat(environment(mailer)).containsEntry("MAILER_PORT", "8082");
        assertHealthCheck(mailer.path("HealthCheck"), "curl -fsS http://localhost:8082/health/liveness || exit 1", 5, 60);

        // The receiver's health is the ALB's check on /livez (EdgeShapeTest), with its grace period.
        assertThat(container(stage, services.receiver().task()).has("HealthCheck")).isFalse();
    }

    private static void assertHealthCheck(JsonNode check, String command, int timeout, int startPeriod) {
        assertThat(check.path("Command")).extracting(JsonNode::asText).containsExactly("CMD-SHELL", command);
        assertThat(check.path("Interval").asInt()).isEqualTo(30);
        assertThat(check.path("Timeout").asInt()).isEqualTo(timeout);
        assertThat(check.path("Retries").asInt()).isEqualTo(3);
        assertThat(check.path("StartPeriod").asInt()).isEqualTo(startPeriod);
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void aNewReceiverHasAGracePeriodForItsAlbChecksAndEveryServiceRollsBackAFailingRelease(String stage) {
        var services = app.stage(stage).pipeline().services();
        JsonNode receiver = service(stage, services.receiver().task()).path("Properties");
        // The JVM's start and the two passing checks, 15 s apart, that make a target healthy.
        assertThat(receiver.path("HealthCheckGracePeriodSeconds").asInt()).isEqualTo(90);
        for (ServiceTask worker : List.of(services.encoder().task(), services.mailer().task())) {
            assertThat(service(stage, worker).path("Properties").has("HealthCheckGracePeriodSeconds")).isFalse();
        }
        // A task failing its health check counts against the circuit breaker, which rolls back.
        for (ServiceTask task : List.of(services.receiver().task(), services.encoder().task(), services.mailer().task())) {
            JsonNode breaker = service(stage, task).path("Properties").path("DeploymentConfiguration")
                    .path("DeploymentCircuitBreaker");
            assertThat(breaker.path("Enable").asBoolean()).isTrue();
            assertThat(breaker.path("Rollback").asBoolean()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void theEncodersLeaseIsTheEncodeQueuesVisibilityTimeout(String stage) {
        var pipeline = app.stage(stage).pipeline();
        var env = environment(container(stage, pipeline.services().encoder().task()));
        Duration lease = duration(env.get("ENCODER_LEASE"));
        Duration heartbeat = duration(env.get("ENCODER_HEARTBEAT"));
        // A crashed encoder's job is taken over within about 30-45 s: one lease after its last heartbeat.
        assertThat(lease).isEqualTo(Duration.ofSeconds(30));
        assertThat(heartbeat).isEqualTo(Duration.ofSeconds(5));
        assertThat(visibilityTimeout(stage, pipeline.data().encodeRequests().queue())).isEqualTo(lease.toSeconds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void theNotificationQueuesVisibilityTimeoutIsTheMailersLease(String stage) throws IOException {
        String settings = Files.readString(PipelineApp.repositoryRoot().resolve("mailer/src/main/resources/application.yml"));
        long queue = visibilityTimeout(stage, app.stage(stage).pipeline().data().notifications().queue());
        assertThat(duration(yamlValue(settings, "lease")).toSeconds()).isEqualTo(queue);
        assertThat(duration(yamlValue(settings, "visibility-timeout")).toSeconds()).isEqualTo(queue);
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void everyServiceWritesItsMetricsToItsStagesNamespace(String stage) {
        var services = app.stage(stage).pipeline().services();
        String namespace = "VideoPipeline/" + app.stage(stage).config().displayName();
        for (ServiceTask task : List.of(services.receiver().task(), services.encoder().task(), services.mailer().task())) {
            assertThat(environment(container(stage, task))).containsEntry("PIPELINE_METRICS_NAMESPACE", namespace);
        }
    }

    /** A key's value in a YAML file, plain or as an {@code ${ENV:default}} placeholder's default. */
    private static String yamlValue(String yaml, String key) {
        Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(key) + ":\\s*(?:\\$\\{[A-Z_]+:)?([0-9]+[smh])").matcher(yaml);
        assertThat(m.find()).as(key + " in the mailer's application.yml").isTrue();
        String value = m.group(1);
        assertThat(m.find()).as(key + " once only").isFalse();
        return value;
    }

    /** A duration as Micronaut reads it: {@code 30s}, {@code 2m}, {@code 1h}. */
    private static Duration duration(String text) {
        assertThat(text).matches("[0-9]+[smh]");
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private long visibilityTimeout(String stage, IConstruct queue) {
        return app.resources(stage, "AWS::SQS::Queue").path(logicalId(queue)).path("Properties").path("VisibilityTimeout")
                .asLong();
    }

    private String architecture(String stage, ServiceTask task) {
        return app.resources(stage, "AWS::ECS::TaskDefinition").path(logicalId(task.taskDefinition())).path("Properties")
                .path("RuntimePlatform").path("CpuArchitecture").asText();
    }

    private JsonNode service(String stage, ServiceTask task) {
        return app.resources(stage, "AWS::ECS::Service").path(logicalId(task.service()));
    }

    private JsonNode container(String stage, ServiceTask task) {
        return app.resources(stage, "AWS::ECS::TaskDefinition").path(logicalId(task.taskDefinition()))
                .path("Properties").path("ContainerDefinitions").get(0);
    }

    private static Map<String, String> environment(JsonNode container) {
        var env = new TreeMap<String, String>();
        container.path("Environment").forEach(e -> env.put(e.path("Name").asText(), e.path("Value").asText()));
        return env;
    }

    private static String logicalId(IConstruct construct) {
        var element = (CfnElement) construct.getNode().getDefaultChild();
        return (String) Stack.of(construct).resolve(element.getLogicalId());
    }
}
