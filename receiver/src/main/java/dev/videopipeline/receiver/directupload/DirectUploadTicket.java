package dev.videopipeline.receiver.directupload;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * Where to put the bytes: one presigned PUT {@code url}, or for a large file one URL per part of
 * {@code partSizeBytes} (the last part holds the rest). Then {@code POST /videos/{id}/complete}.
 */
@Serdeable
public record DirectUploadTicket(String id, Upload upload) {

    @Serdeable
    public record Upload(String method, @Nullable String url, List<Part> parts, @Nullable Long partSizeBytes,
                         Instant expiresAt) {
    }

    @Serdeable
    public record Part(int partNumber, String url) {
    }
}
