package dev.videopipeline.common.messaging;

import io.micronaut.serde.annotation.Serdeable;

/** On {@code notifications}: the video FAILED; its owner gets a mail with the reason. */
@Serdeable
public record VideoFailed(int version, String videoId) implements PipelineMessage {

    public VideoFailed(String videoId) {
        this(CURRENT_VERSION, videoId);
    }
}
