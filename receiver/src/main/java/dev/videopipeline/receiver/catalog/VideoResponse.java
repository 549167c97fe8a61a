package dev.videopipeline.receiver.catalog;

import dev.videopipeline.common.video.Probe;
import dev.videopipeline.common.video.Quality;
import dev.videopipeline.common.video.VideoStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/** A video as the API shows it: the item without its storage keys, with playback URLs instead. */
@Serdeable
public record VideoResponse(
        String id,
        VideoStatus status,
        int progress,
        @Nullable String title,
        @Nullable String originalFilename,
        @Nullable Long sizeBytes,
        @Nullable Probe probe,
        List<RenditionResponse> renditions,
        @Nullable String hlsUrl,
        @Nullable String posterUrl,
        @Nullable String failureReason,
        Instant createdAt,
        Instant updatedAt) {

    /** @param quality PSNR and SSIM against the source, on sampled pictures; null before they were measured */
    @Serdeable
    public record RenditionResponse(String name, int width, int height, int bitrateKbps, String url,
                                    @Nullable Quality quality) {
    }
}
