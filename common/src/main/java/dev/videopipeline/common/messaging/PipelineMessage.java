package dev.videopipeline.common.messaging;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A message on one of the pipeline's queues (docs/architecture.md, "Messages"): JSON with a {@code type} and a
 * {@code version}; readers ignore fields they do not know.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = VideoUploaded.class, name = "VideoUploaded"),
        @JsonSubTypes.Type(value = ChunkRequested.class, name = "ChunkRequested"),
        @JsonSubTypes.Type(value = VideoReady.class, name = "VideoReady"),
        @JsonSubTypes.Type(value = VideoFailed.class, name = "VideoFailed")
})
public sealed interface PipelineMessage permits VideoUploaded, ChunkRequested, VideoReady, VideoFailed {

    /** The version every writer writes today; readers refuse a newer one rather than guess. */
    int CURRENT_VERSION = 1;

    int version();

    String videoId();
}
