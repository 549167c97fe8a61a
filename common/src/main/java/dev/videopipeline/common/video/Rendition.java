package dev.videopipeline.common.video;

import io.micronaut.serde.annotation.Serdeable;

/** One rung of the encoding ladder, stored in the media bucket under {@code key}. */
@Serdeable
public record Rendition(String name, int width, int height, int bitrateKbps, String key) {
}
