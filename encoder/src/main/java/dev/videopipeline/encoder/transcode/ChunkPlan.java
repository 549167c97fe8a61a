package dev.videopipeline.encoder.transcode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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
     * The plan and the rungs it is for, as stored with the video and sent with each chunk's request
     * ({@code fps=30.0 frames=5400 starts=0,1800,3600 rungs=1080p,720p}): an encoder that reads it
     * encodes the same chunks to the same rungs as the one that wrote it, whatever its own settings.
     */
    public String text(List<Rung> rungs) {
        return "fps=" + frameRate + " frames=" + expectedFrames
                + " starts=" + String.join(",", chunks.stream().map(c -> Long.toString(c.startTick())).toList())
                + " rungs=" + String.join(",", rungs.stream().map(Rung::name).toList());
    }

    /**
     * The plan in {@code text}, if it was written for exactly these {@code rungs} (this encoder's
     * ladder for the source): empty for another ladder or text that is not a plan.
     */
    public static Optional<ChunkPlan> parse(String text, List<Rung> rungs) {
        try {
            var fields = Arrays.stream(text.split(" ")).map(f -> f.split("=", 2))
                    .collect(java.util.stream.Collectors.toMap(f -> f[0], f -> f[1]));
            if (!String.join(",", rungs.stream().map(Rung::name).toList()).equals(fields.get("rungs"))) {
                return Optional.empty();
            }
            long[] starts = Arrays.stream(fields.get("starts").split(",")).mapToLong(Long::parseLong).toArray();
            List<Chunk> chunks = new ArrayList<>();
            for (int i = 0; i < starts.length; i++) {
                chunks.add(new Chunk(i, starts[i], i == starts.length - 1 ? END : starts[i + 1]));
            }
            return Optional.of(new ChunkPlan(Double.parseDouble(fields.get("fps")), Long.parseLong(fields.get("frames")), chunks));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
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
