package dev.videopipeline.common.messaging;

import io.micronaut.serde.annotation.Serdeable;

/**
 * On {@code encode-requests}: one chunk of a long video is to be encoded. {@code plan} is the
 * video's chunk plan as its coordinating encoder stored it; the chunk is claimed only while the
 * item still holds that very plan, so a request outlived by a new plan does nothing. Requests are
 * hints: the coordinating encoder encodes every chunk nobody claimed itself, so a lost request
 * delays nothing for long.
 */
@Serdeable
public record ChunkRequested(int version, String videoId, int chunk, String plan) implements PipelineMessage {

    public ChunkRequested(String videoId, int chunk, String plan) {
        this(CURRENT_VERSION, videoId, chunk, plan);
    }
}
