package dev.videopipeline.receiver.directupload;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A client's request to upload straight to S3. {@code size} is checked against the limit now,
 * signed into a single PUT URL, and compared with what is stored at complete.
 */
@Serdeable
public record DirectUploadRequest(
        @NotBlank @Size(max = 1024) String filename,
        @Positive long size,
        @Nullable @Size(max = 200) String title) {
}
