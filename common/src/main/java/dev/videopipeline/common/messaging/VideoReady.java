package dev.videopipeline.common.messaging;

import io.micronaut.serde.annotation.Serdeable;

/** On {@code notifications}: the video is READY; its owner gets a mail with the link. */
@Serdeable
public record VideoReady(int version, String videoId) implements PipelineMessage {

    public VideoReady(String videoId) {
        this(CURRENT_VERSION, videoId);
    }
}
