package dev.videopipeline.encoder.worker;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The worker's settings ({@code encoder.*}).
 *
 * @param concurrency jobs at once ({@code ENCODER_CONCURRENCY}); one transcode already uses every core
 * @param lease       how long a claim and a message stay ours without a heartbeat
 * @param heartbeat   how often a running job renews both; well under {@code lease}
 * @param workDir     where sources and outputs are kept while a job runs ({@code ENCODER_WORK_DIR});
 *                    by default {@code video-pipeline-encoder} in the JVM's temporary directory
 * @param stopGrace   on SIGTERM, how long running jobs may take to finish before they are handed back;
 *                    keep it under the container's stop timeout
 * @param maxEncodeTime the longest one encode may run before the video fails: under SQS's 12-hour
 *                      limit on keeping a message invisible
 * @param maxAttempts  the receive of a request on which a transient failure fails the video instead of
 *                     leaving it for another try: the queue's maxReceiveCount
 */
@ConfigurationProperties("encoder")
public record EncoderSettings(@Positive int concurrency, @NotNull Duration lease, @NotNull Duration heartbeat,
                              @Nullable Path workDir, @NotNull Duration stopGrace,
                              @NotNull Duration maxEncodeTime, @Positive int maxAttempts) {

    public EncoderSettings {
        // Here, not in application.yml: a placeholder cannot default to another (${java.io.tmpdir}).
        if (maxEncodeTime.compareTo(Duration.ofHours(11)) > 0) {
            throw new IllegalArgumentException("max-encode-time " + maxEncodeTime + " must leave room under SQS's 12 hours");
        }
        workDir = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"), "video-pipeline-encoder");
    }
}
