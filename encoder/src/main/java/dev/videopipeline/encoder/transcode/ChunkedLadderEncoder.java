package dev.videopipeline.encoder.transcode;

import dev.videopipeline.common.video.Probe;
import jakarta.inject.Singleton;
import org.bytedeco.javacv.FrameGrabber;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/**
 * Encodes every rung of a source chunk by chunk ({@link ChunkPlan}): each chunk's pictures from a
 * seek ({@link ChunkEncoder}), wherever and by whichever encoder, then the sound once
 * ({@link SoundEncoder}) and each rung's chunks and sound joined without encoding again
 * ({@link ChunkJoiner}). The renditions are what {@link LadderEncoder} makes of the same source:
 * the same frames on the same grid, key frames every 2 s from the start, the sound in the same
 * place; the same checks fail a damaged source.
 */
@Singleton
public class ChunkedLadderEncoder {

    private final SourceLimits limits;

    public ChunkedLadderEncoder(SourceLimits limits) {
        this.limits = limits;
    }

    /** The chunks of {@code source}, on its output's frame grid. */
    public ChunkPlan plan(SourceFile source, Probe probe, Duration chunkLength) {
        try (var grabber = source.grabber()) {
            grabber.start();
            return ChunkPlan.of(probe.durationSeconds(), RungEncoder.outputFrameRate(grabber), chunkLength);
        } catch (FrameGrabber.Exception e) {
            throw new UnreadableSourceException("The file is not a video we can read.", e);
        }
    }

    /**
     * @param dir     where the chunk's parts are written
     * @param encoded told how many of the chunk's pictures are encoded so far; it may throw to stop the chunk
     * @return each rung's part, in the rungs' order
     */
    public List<ChunkPart> encodeChunk(SourceFile source, Probe probe, List<Rung> rungs, ChunkPlan plan,
                                       ChunkPlan.Chunk chunk, Path dir, LongConsumer encoded) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ChunkEncoder.encode(source, probe, rungs, plan, chunk, contentClock(probe), dir, encoded);
    }

    /**
     * Encodes the sound and joins each rung's chunks with it.
     *
     * @param chunks every chunk's parts, in the chunks' order, each in the rungs' order
     * @param workDir where the sound is kept until it is joined
     */
    public List<RenditionFile> join(SourceFile source, Probe probe, List<Rung> rungs, ChunkPlan plan,
                                    List<List<ChunkPart>> chunks, Path workDir, Path outputDir) {
        try {
            Files.createDirectories(workDir);
            var pictures = pictureCheck(source, probe);
            pictures.add(chunks.stream().mapToLong(parts -> parts.get(0).pictures()).sum());
            var sound = SoundEncoder.encode(source, probe, rungs.stream().map(Rung::audioKbps).toList(), workDir,
                    contentClock(probe));
            long lastTick = chunks.stream().flatMap(List::stream).mapToLong(ChunkPart::lastTick).max().orElse(0);
            LadderEncoder.requireWhole(probe, Math.max(sound.endMicros(), Math.round(lastTick * 1_000_000 / plan.frameRate())));
            pictures.requireEnough();
            List<RenditionFile> renditions = new ArrayList<>();
            for (int r = 0; r < rungs.size(); r++) {
                Rung rung = rungs.get(r);
                int index = r;
                Path file = outputDir.resolve(rung.name() + ".mp4");
                ChunkJoiner.join(chunks.stream().map(parts -> parts.get(index)).toList(),
                        sound.files().get(rung.audioKbps()), plan.frameRate(), file);
                renditions.add(new RenditionFile(rung, file));
            }
            return renditions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every chunk on this encoder, one after another: what the benchmark sets against a whole encode. */
    public List<RenditionFile> encode(SourceFile source, Probe probe, List<Rung> rungs, Duration chunkLength,
                                      Path workDir, Path outputDir, IntConsumer progress) {
        ChunkPlan plan = plan(source, probe, chunkLength);
        List<List<ChunkPart>> chunks = new ArrayList<>();
        long done = 0;
        for (var chunk : plan.chunks()) {
            long before = done;
            var parts = encodeChunk(source, probe, rungs, plan, chunk, workDir, encoded ->
                    progress.accept((int) Math.min(99, (before + encoded) * 100 / plan.expectedFrames())));
            chunks.add(parts);
            done += parts.get(0).pictures();
        }
        return join(source, probe, rungs, plan, chunks, workDir, outputDir);
    }

    private static DecodedPictures pictureCheck(SourceFile source, Probe probe) {
        try (var grabber = source.grabber()) {
            grabber.start();
            return new DecodedPictures(grabber, probe);
        } catch (FrameGrabber.Exception e) {
            throw new UnreadableSourceException("The file is not a video we can read.", e);
        }
    }

    private ContentClock contentClock(Probe probe) {
        return new ContentClock(probe.frameRate(), limits.maxDuration(), limits.describeDuration());
    }
}
