package dev.videopipeline.common.video;

import java.time.Instant;

/**
 * One chunk of a chunked encode, as the video item holds it ({@code chunks.{index}}).
 *
 * @param attempts   claims made of it so far: the number names the claim, as a video's attempts do
 * @param leaseUntil its holder's claim lives until then; in the past, anyone may claim it
 * @param frames     the pictures its holder has encoded so far, for the video's progress
 * @param done       the attempt whose parts are the chunk's (under {@code ObjectKeys.chunkPart}), or null
 * @param result     what the done attempt made, or null
 */
public record ChunkState(int index, int attempts, Instant leaseUntil, long frames, Integer done, Result result) {

    /**
     * Where the done attempt's pictures sit on the whole video's frame grid: the parts start at
     * {@code firstTick}; those from {@code keepFrom} on are the chunk's, {@code pictures} of them,
     * the last at {@code lastTick}.
     */
    public record Result(long firstTick, long keepFrom, long lastTick, long pictures) {
    }

    public boolean isDone() {
        return done != null;
    }

    public boolean isFree(Instant now) {
        return done == null && leaseUntil.isBefore(now);
    }
}
