package dev.videopipeline.common.video;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One rung of the encoding ladder, stored in the media bucket under {@code key}, with its measured
 * {@code quality} (null for renditions encoded before it was measured).
 */
@Serdeable
public record Rendition(String name, int width, int height, int bitrateKbps, String key, @Nullable Quality quality) {

    public Rendition(String name, int width, int height, int bitrateKbps, String key) {
        this(name, width, height, bitrateKbps, key, null);
    }
}
