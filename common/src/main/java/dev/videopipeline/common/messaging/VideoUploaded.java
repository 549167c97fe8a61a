package dev.videopipeline.common.messaging;

import io.micronaut.serde.annotation.Serdeable;

/** On {@code encode-requests}: the source of a video is stored and can be encoded. */
@Serdeable
public record VideoUploaded(int version, String videoId, String bucket, String key) implements PipelineMessage {

    public VideoUploaded(String videoId, String bucket, String key) {
        this(CURRENT_VERSION, videoId, bucket, key);
    }
}
