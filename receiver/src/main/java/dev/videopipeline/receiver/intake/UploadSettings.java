package dev.videopipeline.receiver.intake;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.time.Duration;

/**
 * Upload limits and sizes ({@code pipeline.upload.*}).
 *
 * @param maxBytes                 the largest file accepted, by either path ({@code PIPELINE_MAX_UPLOAD_BYTES})
 * @param partSizeBytes            the S3 part size of a streaming upload
 * @param partsInFlight            a streaming upload's parts sent to S3 at once; it holds one buffer more
 * @param presignExpiry            how long a direct-upload URL stays valid
 * @param directMultipartThreshold above this size a direct upload gets one presigned URL per part
 * @param directPartSizeBytes      the part size of a direct multipart upload
 * @param enqueueAgainAfter        how long an UPLOADED video waits before a repeated complete re-sends its encode request
 * @param maxConcurrent            streaming uploads one receiver runs at once; each holds
 *                                 {@code partsInFlight + 1} part buffers
 * @param maxConcurrentPerOwner    streaming uploads one owner may run at once on one receiver, so that one
 *                                 account cannot take every slot
 * @param minBytesPerSecond        a streaming upload slower than this on average over {@code rateWindow} is cut
 * @param rateWindow               the period that rate is averaged over
 * @param abandonAfter             an upload idle this long is removed; longer than {@code presignExpiry}, so no
 *                                 client can still be sending
 * @param stopGrace                at SIGTERM, how long uploads in progress may still finish ({@code RECEIVER_STOP_GRACE}):
 *                                 less than Micronaut's graceful shutdown period and the ECS stop timeout
 */
@ConfigurationProperties("pipeline.upload")
public record UploadSettings(
        @Positive long maxBytes,
        @Min(5 * 1024 * 1024) @Max(512 * 1024 * 1024) int partSizeBytes,
        @Min(1) @Max(8) int partsInFlight,
        @NotNull Duration presignExpiry,
        @Positive long directMultipartThreshold,
        @Min(5 * 1024 * 1024) long directPartSizeBytes,
        @NotNull Duration enqueueAgainAfter,
        @Positive int maxConcurrent,
        @Positive int maxConcurrentPerOwner,
        @Positive long minBytesPerSecond,
        @NotNull Duration rateWindow,
        @NotNull Duration abandonAfter,
        @NotNull Duration stopGrace) {

    public UploadSettings {
        if (abandonAfter.compareTo(presignExpiry) <= 0) {
            throw new IllegalArgumentException("abandon-after " + abandonAfter + " must be longer than presign-expiry "
                    + presignExpiry);
        }
        if (maxBytes > 10_000L * partSizeBytes) {
            throw new IllegalArgumentException("S3 takes at most 10,000 parts: part-size-bytes " + partSizeBytes
                    + " cannot carry max-bytes " + maxBytes);
        }
    }
}
