package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.video.Container;
import dev.videopipeline.common.video.Probe;
import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.Set;

/**
 * Chunked encoding ({@code encoder.chunking.*}): a video longer than {@code threshold} is encoded in
 * chunks of about {@code chunkLength}, sought to and joined ({@code ChunkedLadderEncoder}).
 *
 * @param enabled     on by default: the chunks are encoded by whichever encoders are free ({@code ChunkedEncode})
 * @param threshold   the shortest video that is chunked
 * @param chunkLength rounded to whole HLS segments
 */
@ConfigurationProperties("encoder.chunking")
public record ChunkingSettings(boolean enabled, @NotNull Duration threshold, @NotNull Duration chunkLength) {

    /**
     * Containers with an index to seek by. Transport and program streams, AVI, FLV and ASF are
     * sought by guessing at byte offsets, and a broadcast's clock may restart mid-file, so a time
     * would not name one place in them: they are encoded whole.
     */
    private static final Set<Container> SEEKABLE = Set.of(Container.ISO_MP4, Container.QUICKTIME, Container.MATROSKA);

    public boolean applies(Probe probe, Container container) {
        return enabled && SEEKABLE.contains(container) && probe.durationSeconds() >= threshold.toMillis() / 1000.0;
    }
}
