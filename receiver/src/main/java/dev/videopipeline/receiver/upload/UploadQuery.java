package dev.videopipeline.receiver.upload;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpParameters;
import jakarta.validation.constraints.Size;

/**
 * The query parameters of a streaming upload. Read from the request rather than bound as route
 * arguments: Micronaut buffers the file part while it waits for an argument that is absent
 * (micronaut-core#4016, #10851), so any client could exhaust the heap by leaving one out.
 */
@Introspected
public record UploadQuery(@Nullable @Size(max = 200) String title) {

    public static UploadQuery of(HttpParameters parameters) {
        return new UploadQuery(parameters.get("title"));
    }
}
