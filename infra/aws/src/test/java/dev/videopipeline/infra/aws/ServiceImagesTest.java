package dev.videopipeline.infra.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videopipeline.infra.aws.services.ServiceTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.constructs.IConstruct;

/**
 * How the images reach the task definitions: with the {@code images} context (the workflow's pushed
 * digests) exactly those digests and no image asset; without it, images built from the Dockerfiles,
 * each for its platform (receiver and mailer arm64, encoder amd64), the CPU its task runs on.
 */
class ServiceImagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SERVICES = List.of("receiver", "encoder", "mailer");
    private static final String REPOSITORIES = "arn:aws:ecr:eu-west-1:111111111111:repository/video-pipeline/";

    /** A distinct digest per service, so a swapped pair would show. */
    private static String digest(String service) {
        return "sha256:" + Map.of("receiver", "a", "encoder", "b", "mailer", "c").get(service).repeat(64);
    }

    private static String pushedImages() {
        return SERVICES.stream().map(s -> s + "=" + REPOSITORIES + s + "@" + digest(s)).collect(Collectors.joining(","));
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithPushedImages {

        private final Synthesized app = Synthesized.both(Map.of(ServiceImages.CONTEXT_KEY, pushedImages()));

        @ParameterizedTest
        @ValueSource(strings = {"staging", "production"})
        void everyTaskRunsTheNamedDigestAndTheStageBuildsNoImage(String stage) throws IOException {
            tasks(app, stage).forEach((service, task) -> {
                String image = render(container(app, stage, task).path("Image"));
                // The repository's account and name, then the digest: no tag, nothing else to resolve.
                assertThat(image).as(service)
                        .startsWith("111111111111.")
                        .endsWith("/video-pipeline/" + service + "@" + digest(service))
                        .doesNotContain("container-assets");
            });
            assertThat(dockerImageAssets(app, stage)).isEmpty();
            assertThat(NagFindings.errors(app.assembly())).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"staging", "production"})
        void eachExecutionRoleMayPullFromItsServicesRepository(String stage) {
            tasks(app, stage).forEach((service, task) -> {
                List<String> pullable = new ArrayList<>();
                statementsOf(app, stage, task.taskDefinition().obtainExecutionRole()).forEach(statement -> {
                    if (statement.path("Action").toString().contains("ecr:BatchGetImage")) {
                        pullable.add(statement.path("Resource").asText());
                    }
                });
                assertThat(pullable).as(service).containsExactly(REPOSITORIES + service);
            });
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithoutContext {

        private final Synthesized app = Synthesized.both();

        @ParameterizedTest
        @ValueSource(strings = {"staging", "production"})
        void eachServiceIsBuiltFromItsDockerfileForItsPlatform(String stage) throws IOException {
            Map<String, JsonNode> assets = dockerImageAssets(app, stage);
            Map<String, String> platforms = new TreeMap<>();
            tasks(app, stage).forEach((service, task) -> {
                String image = render(container(app, stage, task).path("Image"));
                JsonNode asset = assets.get(image.substring(image.lastIndexOf(':') + 1));
                assertThat(asset).as(service + ": an image asset named by " + image).isNotNull();
                assertThat(Path.of(asset.path("source").path("directory").asText()))
                        .isEqualTo(PipelineApp.repositoryRoot().resolve(service));
                String platform = asset.path("source").path("platform").asText();
                platforms.put(service, platform);
                // The task runs on the CPU its image is built for.
                assertThat(taskDefinition(app, stage, task).path("RuntimePlatform").path("CpuArchitecture").asText())
                        .as(service).isEqualTo(platform.equals("linux/arm64") ? "ARM64" : "X86_64");
            });
            assertThat(platforms).isEqualTo(Map.of(
                    "encoder", "linux/amd64", "mailer", "linux/arm64", "receiver", "linux/arm64"));
            assertThat(assets).hasSize(3);
        }
    }

    @Test
    void aTagOrAPartialSetIsRefused() {
        Path root = PipelineApp.repositoryRoot();
        assertThatThrownBy(() -> ServiceImages.from(root, pushedImages().replace("@" + digest("encoder"), ":latest")))
                .hasMessageContaining("encoder's image").hasMessageContaining("sha256");
        assertThatThrownBy(() -> ServiceImages.from(root, pushedImages().replaceAll(",mailer=.*", "")))
                .hasMessageContaining("name all of");
        assertThatThrownBy(() -> ServiceImages.from(root, pushedImages() + ",receiver=" + REPOSITORIES + "receiver@" + digest("receiver")))
                .hasMessageContaining("receiver is named twice");
        assertThatThrownBy(() -> ServiceImages.from(root, pushedImages().replace("receiver=", "web=")))
                .hasMessageContaining("'web=");
    }

    @Test
    void anImageOutsideTheStagesRegionStopsTheSynth() {
        String elsewhere = pushedImages().replace(":eu-west-1:", ":us-east-1:");
        assertThatThrownBy(() -> Synthesized.both(Map.of(ServiceImages.CONTEXT_KEY, elsewhere)))
                .hasMessageContaining("is in us-east-1, the stage in eu-west-1");
    }

    private static Map<String, ServiceTask> tasks(Synthesized app, String stage) {
        var services = app.stage(stage).pipeline().services();
        return Map.of("receiver", services.receiver().task(), "encoder", services.encoder().task(),
                "mailer", services.mailer().task());
    }

    private static JsonNode taskDefinition(Synthesized app, String stage, ServiceTask task) {
        return resources(app, stage, "AWS::ECS::TaskDefinition").path(logicalId(task.taskDefinition())).path("Properties");
    }

    private static JsonNode container(Synthesized app, String stage, ServiceTask task) {
        return taskDefinition(app, stage, task).path("ContainerDefinitions").get(0);
    }

    private static JsonNode resources(Synthesized app, String stage, String type) {
        return JSON.valueToTree(app.template(app.stage(stage).pipeline()).findResources(type));
    }

    /** The statements of the policies attached to {@code role}. */
    private static List<JsonNode> statementsOf(Synthesized app, String stage, IConstruct role) {
        String roleId = logicalId(role);
        List<JsonNode> statements = new ArrayList<>();
        resources(app, stage, "AWS::IAM::Policy").forEach(policy -> {
            if (policy.path("Properties").path("Roles").toString().contains("\"" + roleId + "\"")) {
                policy.path("Properties").path("PolicyDocument").path("Statement").forEach(statements::add);
            }
        });
        return statements;
    }

    /** The pipeline stack's Docker image assets by their hash (the image tag), from its asset manifest. */
    private static Map<String, JsonNode> dockerImageAssets(Synthesized app, String stage) throws IOException {
        Stack pipeline = app.stage(stage).pipeline();
        var assembly = ((Stage) pipeline.getNode().getScope()).synth();
        JsonNode manifest = JSON.readTree(Path.of(assembly.getDirectory(), pipeline.getArtifactId() + ".assets.json").toFile());
        Map<String, JsonNode> assets = new TreeMap<>();
        manifest.path("dockerImages").fields().forEachRemaining(e -> assets.put(e.getKey(), e.getValue()));
        return assets;
    }

    /** An image name as one string: literal parts as they are, references as ${name}. */
    private static String render(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            return "${" + value.path("Ref").asText() + "}";
        }
        if (value.has("Fn::Sub")) {
            return value.path("Fn::Sub").asText();
        }
        var joined = new StringBuilder();
        value.path("Fn::Join").path(1).forEach(part -> joined.append(render(part)));
        return joined.toString();
    }

    private static String logicalId(IConstruct construct) {
        var element = construct instanceof CfnElement cfn ? cfn : (CfnElement) construct.getNode().getDefaultChild();
        return (String) Stack.of(construct).resolve(element.getLogicalId());
    }
}
