package dev.videopipeline.encoder.transcode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A video cut into chunks on its output's frame grid, each a whole number of HLS segments of whole
 * GOPs, so that every chunk starts on a key frame and the chunks join without encoding again. The
 * last chunk runs to the end of the source, however long a header said it was; one that would be
 * shorter than a segment joins the chunk before it.
 *
 * @param frameRate      the output's frame grid, which the ticks count
 * @param expectedFrames the frames the probed duration makes: for progress, not for cutting
 */
public record ChunkPlan(double frameRate, long expectedFrames, List<Chunk> chunks) {

    /** The last chunk's end: the source's. */
    public static final long END = Long.MAX_VALUE;

    /** Ticks {@code [startTick, endTick)} of the output's grid. */
    public record Chunk(int index, long startTick, long endTick) {

        public boolean contains(long tick) {
            return tick >= startTick && tick < endTick;
        }
    }

    public ChunkPlan {
        chunks = List.copyOf(chunks);
    }

    /**
     * @param durationSeconds the probed duration
     * @param frameRate       the output's frame grid ({@link RungEncoder#outputFrameRate})
     * @param chunkLength     the wanted length, rounded to whole segments (at least one)
     */
    public static ChunkPlan of(double durationSeconds, double frameRate, Duration chunkLength) {
        long segment = (long) RungEncoder.keyInterval(frameRate) * HlsPackager.SEGMENT_SECONDS / RungEncoder.KEYFRAME_SECONDS;
        long segments = Math.max(1, Math.round(chunkLength.toMillis() / 1000.0 * frameRate / segment));
        long chunkFrames = segments * segment;
        long expected = Math.max(1, (long) Math.ceil(durationSeconds * frameRate));
        long count = Math.max(1, (expected + chunkFrames - 1) / chunkFrames);
        if (count > 1 && expected - (count - 1) * chunkFrames < segment) {
            count--;
        }
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chunks.add(new Chunk(i, i * chunkFrames, i == count - 1 ? END : (i + 1) * chunkFrames));
        }
        return new ChunkPlan(frameRate, expected, chunks);
    }
}
