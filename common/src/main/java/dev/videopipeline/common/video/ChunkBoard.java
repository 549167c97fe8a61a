package dev.videopipeline.common.video;

import java.util.List;

/**
 * What a chunked encode's encoders read of it: the video's status, the plan its chunks were made
 * for, the chunks in their order, and the reason a chunk failed for good (the video fails with it).
 */
public record ChunkBoard(VideoStatus status, String plan, List<ChunkState> chunks, String failure) {

    public ChunkBoard {
        chunks = List.copyOf(chunks);
    }

    public boolean allDone() {
        return !chunks.isEmpty() && chunks.stream().allMatch(ChunkState::isDone);
    }

    public long frames() {
        return chunks.stream().mapToLong(ChunkState::frames).sum();
    }
}
