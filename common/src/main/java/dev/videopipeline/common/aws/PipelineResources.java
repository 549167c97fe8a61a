package dev.videopipeline.common.aws;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;

/**
 * The AWS resources the pipeline is made of (docs/architecture.md, "Messages" and "Objects"), named by configuration:
 * {@code PIPELINE_UPLOADS_BUCKET}, {@code PIPELINE_VIDEOS_TABLE}, {@code PIPELINE_OWNERS_TABLE}, ... in every
 * environment.
 */
@ConfigurationProperties("pipeline")
public record PipelineResources(
        @NotBlank String uploadsBucket,
        @NotBlank String mediaBucket,
        @NotBlank String videosTable,
        @NotBlank String ownersTable,
        @NotBlank String encodeQueueUrl,
        @NotBlank String notifyQueueUrl) {
}
