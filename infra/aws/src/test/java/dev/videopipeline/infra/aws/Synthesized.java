package dev.videopipeline.infra.aws;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * One synth of the whole app (both stages), offline: the AZs come from the committed
 * cdk.context.json, as the CDK CLI would pass them, and assets are hashed but not copied.
 * Each test class synthesizes once and reads every template from that one assembly.
 */
record Synthesized(App app, List<PipelineStage> stages, CloudAssembly assembly, Path outdir) {

    static Synthesized both() {
        return both(Map.of());
    }

    /** Both stages with {@code overrides} as further CDK context ({@code <stage>.<key>}: a setting's override). */
    static Synthesized both(Map<String, Object> overrides) {
        try {
            Path outdir = Files.createTempDirectory("cdk.out");
            Map<String, Object> context = new LinkedHashMap<>(new ObjectMapper().readValue(
                    Path.of("cdk.context.json").toFile(), new TypeReference<Map<String, Object>>() { }));
            // Synth references the images' build contexts where they are instead of copying them
            // (the encoder's native libraries are ~100 MB): the hash, which names the image, is the same.
            context.put("aws:cdk:disable-asset-staging", true);
            context.putAll(overrides);
            var app = new App(AppProps.builder().outdir(outdir.toString()).context(context).build());
            List<PipelineStage> stages = PipelineApp.build(app, PipelineApp.repositoryRoot());
            return new Synthesized(app, stages, app.synth(), outdir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PipelineStage stage(String name) {
        return stages.stream().filter(s -> s.config().stage().equals(name)).findFirst().orElseThrow();
    }

    /** The pipeline stack's template of {@code stage}. */
    Template pipeline(String stage) {
        return template(stage(stage).pipeline());
    }

    /** That template's resources of {@code type}, by logical id, as JSON. */
    JsonNode resources(String stage, String type) {
        return new ObjectMapper().valueToTree(pipeline(stage).findResources(type));
    }

    @SuppressWarnings("unchecked")
    Template template(Stack stack) {
        var stageAssembly = ((software.amazon.awscdk.Stage) stack.getNode().getScope()).synth();
        return Template.fromJSON((Map<String, Object>) stageAssembly.getStackArtifact(stack.getArtifactId()).getTemplate());
    }
}
