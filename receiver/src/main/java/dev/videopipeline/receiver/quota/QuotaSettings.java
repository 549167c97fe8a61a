package dev.videopipeline.receiver.quota;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.time.Duration;

/**
 * What one owner may do ({@code pipeline.quota.*}).
 *
 * @param bytesPerDay        bytes an owner may upload per UTC day ({@code PIPELINE_QUOTA_BYTES_PER_DAY})
 * @param videosInFlight     an owner's videos uploading, queued or encoding at once
 *                           ({@code PIPELINE_QUOTA_VIDEOS_IN_FLIGHT})
 * @param inFlightRetryAfter the Retry-After of a refusal for too many videos in flight: about one encode
 * @param sourceSecondsPerDay seconds of source an owner may have encoded per UTC day (the encoder
 *                           charges them; uploads are refused once they are used up)
 * @param retriesPerVideo    how often the owner may retry one failed video
 */
@ConfigurationProperties("pipeline.quota")
public record QuotaSettings(
        @Positive long bytesPerDay,
        @Positive int videosInFlight,
        @NotNull Duration inFlightRetryAfter,
        @Positive long sourceSecondsPerDay,
        @Positive int retriesPerVideo) {

    public QuotaSettings {
        if (videosInFlight > 100) {
            // The set is reconciled with one BatchGetItem, which reads at most 100 items.
            throw new IllegalArgumentException("videos-in-flight " + videosInFlight + " must be at most 100");
        }
    }

    /**
     * A day's allowance takes at least the largest file accepted: otherwise that file could never
     * be uploaded, and an upload of unknown length, which reserves that much, never either.
     */
    void requireRoomFor(long maxUploadBytes) {
        if (bytesPerDay < maxUploadBytes) {
            throw new IllegalArgumentException("bytes-per-day " + bytesPerDay
                    + " must be at least pipeline.upload.max-bytes " + maxUploadBytes);
        }
    }
}
