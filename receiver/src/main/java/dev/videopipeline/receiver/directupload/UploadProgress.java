package dev.videopipeline.receiver.directupload;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * Where a direct upload stands ({@code GET /videos/{id}/upload}): the parts S3 already holds, and
 * in {@code upload} fresh URLs for the rest (for a single-PUT upload, the whole file's URL again).
 */
@Serdeable
public record UploadProgress(String id, List<StoredPart> stored, DirectUploadTicket.Upload upload) {

    @Serdeable
    public record StoredPart(int partNumber, long sizeBytes, String etag) {
    }
}
