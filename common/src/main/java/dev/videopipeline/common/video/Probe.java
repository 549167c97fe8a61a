package dev.videopipeline.common.video;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** What the encoder learned about the source. {@code audioCodec} is null when it has no audio. */
@Serdeable
public record Probe(
        double durationSeconds,
        int width,
        int height,
        String videoCodec,
        @Nullable String audioCodec,
        int rotation) {
}
