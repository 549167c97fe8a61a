package dev.videopipeline.common.video;

import dev.videopipeline.common.storage.ObjectKeys;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One uploaded video: the single item of the {@code videos} table that every service reads and
 * moves forward. {@code source} is what the receiver checked of the stored file (set as it becomes
 * UPLOADED). {@code version} grows with every write. While ENCODING, {@code attempts} names
 * the current claim and {@code leaseUntil} says until when it holds (see {@link EncodingClaims});
 * {@code handBacks} counts the claims given back by a stopping encoder, which cost no attempt.
 */
public record Video(
        String id,
        Owner owner,
        @Nullable String title,
        @Nullable String originalFilename,
        @Nullable Long sizeBytes,
        String sourceKey,
        @Nullable CheckedSource source,
        VideoStatus status,
        int progress,
        @Nullable Probe probe,
        List<Rendition> renditions,
        @Nullable String hlsMasterKey,
        @Nullable String posterKey,
        @Nullable String failureReason,
        int attempts,
        int handBacks,
        @Nullable Instant leaseUntil,
        @Nullable Notification notification,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public Video {
        renditions = renditions == null ? List.of() : List.copyOf(renditions);
        // The table keeps milliseconds; so does the record, so that what is read equals what was written.
        createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
        updatedAt = updatedAt.truncatedTo(ChronoUnit.MILLIS);
        leaseUntil = leaseUntil == null ? null : leaseUntil.truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The claims so far, the current one included, less those handed back: what failures, crashes
     * and leases run out have cost. This is what {@code encoder.max-attempts} limits.
     */
    public int failedAttempts() {
        return attempts - handBacks;
    }

    /** A new video whose bytes are about to be stored. */
    public static Video uploading(String id, Owner owner, @Nullable String title,
                                  @Nullable String originalFilename, @Nullable Long declaredSize,
                                  Instant now) {
        return new Video(id, owner, title, originalFilename, declaredSize, ObjectKeys.source(id), null,
                VideoStatus.UPLOADING, 0, null, List.of(), null, null, null, 0, 0, null, null, now, now, 1);
    }
}
