package dev.videopipeline.common.messaging;

import io.micronaut.serde.annotation.Serdeable;

/**
 * On {@code encode-requests}: the source of a video is stored and can be encoded. It names the
 * video only: the encoder finds the source where its own configuration says sources are
 * ({@code ObjectKeys.source} in the uploads bucket), so a message cannot point it at other objects.
 * Requests written before this change also carry {@code bucket} and {@code key}, which are ignored.
 */
@Serdeable
public record VideoUploaded(int version, String videoId) implements PipelineMessage {

    public VideoUploaded(String videoId) {
        this(CURRENT_VERSION, videoId);
    }
}
