package dev.videopipeline.infra.aws;

import dev.videopipeline.infra.aws.config.StageConfig;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The CDK app: staging and production, two stages of the same code, each from its
 * {@code stages/<stage>.properties}. {@code cdk.json} runs {@link #main}; the tests call {@link #build}.
 */
public final class PipelineApp {

    public static final List<String> STAGES = List.of("staging", "production");

    private PipelineApp() {
    }

    public static void main(String[] args) {
        var app = new App();
        build(app, repositoryRoot());
        CloudAssembly assembly = app.synth();
        // cdk-nag reports as error annotations, which the CDK CLI turns into a failed synth;
        // a synth through this main alone (mvn exec:java) fails the same way.
        List<String> errors = NagFindings.errors(assembly);
        if (!errors.isEmpty()) {
            errors.forEach(System.err::println);
            System.exit(1);
        }
    }

    /**
     * Both stages in {@code app}, checked by cdk-nag's AWS Solutions rules, with the images the
     * {@code images} context names (the workflow's pushed digests) or, without it, images built
     * from the Dockerfiles.
     */
    public static List<PipelineStage> build(App app, Path repositoryRoot) {
        var images = ServiceImages.from(repositoryRoot, context(app, ServiceImages.CONTEXT_KEY));
        List<PipelineStage> stages = STAGES.stream()
                .map(stage -> StageConfig.load(stage, key -> context(app, key)))
                .map(config -> new PipelineStage(app, config, images))
                .toList();
        // Per stage: aspects do not cross a stage's boundary.
        stages.forEach(stage -> Aspects.of(stage).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build())));
        return stages;
    }

    private static String context(App app, String key) {
        Object value = app.getNode().tryGetContext(key);
        return value == null ? null : value.toString();
    }

    /** The checkout: the CLI runs the app from infra/aws, the tests from the module directory too. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run the CDK app from inside the repository (no mvnw above " + Path.of("").toAbsolutePath() + ")");
        }
        return dir;
    }
}
