package dev.videopipeline.common.video;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What the encoder learned about the source: the coded picture size ({@code width} x {@code height}),
 * the shape of its pixels ({@code sampleAspectRatio}, "1:1" when square, as HDV's "4:3" or a 16:9
 * DVD's "32:27"), the {@code rotation} a player applies to show it upright (0, 90, 180 or 270
 * degrees clockwise), whether its pictures are {@code interlaced}, and the size it is shown at
 * ({@code displayWidth} x {@code displayHeight}: pixel shape and rotation applied), which the ladder
 * is chosen from. {@code audioCodec} is null when there is no audio.
 */
@Serdeable
public record Probe(
        double durationSeconds,
        int width,
        int height,
        String videoCodec,
        @Nullable String audioCodec,
        int rotation,
        double frameRate,
        String sampleAspectRatio,
        boolean interlaced,
        int displayWidth,
        int displayHeight) {

    /** Square pixels, progressive: what a phone or screen recorder writes. */
    public static Probe of(double durationSeconds, int width, int height, String videoCodec,
                           @Nullable String audioCodec, int rotation, double frameRate) {
        return of(durationSeconds, width, height, videoCodec, audioCodec, rotation, frameRate, 1, 1, false);
    }

    /** Derives the shown size: the width stretched by the pixel shape, then turned by the rotation. */
    public static Probe of(double durationSeconds, int width, int height, String videoCodec,
                           @Nullable String audioCodec, int rotation, double frameRate,
                           int sarNum, int sarDen, boolean interlaced) {
        int stretched = (int) Math.round(width * (double) sarNum / sarDen);
        boolean sideways = rotation % 180 != 0;
        return new Probe(durationSeconds, width, height, videoCodec, audioCodec, rotation, frameRate,
                sarNum + ":" + sarDen, interlaced, sideways ? height : stretched, sideways ? stretched : height);
    }
}
