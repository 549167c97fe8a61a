package dev.videopipeline.common.video;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What the encoder learned about the source: the coded picture size, the {@code rotation} a player
 * applies to show it upright (0, 90, 180 or 270 degrees clockwise), and {@code audioCodec} null
 * when there is no audio.
 */
@Serdeable
public record Probe(
        double durationSeconds,
        int width,
        int height,
        String videoCodec,
        @Nullable String audioCodec,
        int rotation,
        double frameRate) {

    /** The width as shown, rotation applied. */
    public int displayWidth() {
        return rotation % 180 == 0 ? width : height;
    }

    /** The height as shown, rotation applied. */
    public int displayHeight() {
        return rotation % 180 == 0 ? height : width;
    }
}
