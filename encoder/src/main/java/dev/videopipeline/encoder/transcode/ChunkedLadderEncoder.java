package dev.videopipeline.encoder.transcode;

import dev.videopipeline.common.video.Probe;
import io.micrometer.core.instrument.MeterRegistry;
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

/**
 * Encodes every rung of a source chunk by chunk ({@link ChunkPlan}): each chunk's pictures from a
 * seek ({@link ChunkEncoder}), the sound once ({@link SoundEncoder}), then each rung's chunks and
 * sound joined without encoding again ({@link ChunkJoiner}). The renditions are what
 * {@link LadderEncoder} makes of the same source: the same frames on the same grid, key frames
 * every 2 s from the start, the sound in the same place; the same checks fail a damaged source.
 */
@Singleton
public class ChunkedLadderEncoder {

    private final SourceLimits limits;
    private final MeterRegistry metrics;

    public ChunkedLadderEncoder(SourceLimits limits, MeterRegistry metrics) {
        this.limits = limits;
        this.metrics = metrics;
    }

    /**
     * @param workDir where the chunks and the sound are kept until they are joined
     * @see LadderEncoder#encode
     */
    public List<RenditionFile> encode(SourceFile source, Probe probe, List<Rung> rungs, Duration chunkLength,
                                      Path workDir, Path outputDir, IntConsumer progress) {
        ChunkPlan plan;
        DecodedPictures pictures;
        try (var grabber = source.grabber()) {
            grabber.start();
            plan = ChunkPlan.of(probe.durationSeconds(), RungEncoder.outputFrameRate(grabber), chunkLength);
            pictures = new DecodedPictures(grabber, probe);
        } catch (FrameGrabber.Exception e) {
            throw new UnreadableSourceException("The file is not a video we can read.", e);
        }
        try {
            Files.createDirectories(workDir);
            List<List<ChunkEncoder.Part>> chunks = new ArrayList<>();
            long done = 0;
            for (var chunk : plan.chunks()) {
                long before = done;
                long started = System.nanoTime();
                var parts = ChunkEncoder.encode(source, probe, rungs, plan, chunk, contentClock(probe), workDir,
                        encoded -> progress.accept((int) Math.min(99, (before + encoded) * 100 / plan.expectedFrames())));
                // What the fleet's backlog per task will be sized by, once chunks are units of work.
                metrics.timer("pipeline.encode.chunk").record(Duration.ofNanos(System.nanoTime() - started));
                chunks.add(parts);
                done += parts.get(0).pictures();
            }
            pictures.add(done);
            var sound = SoundEncoder.encode(source, probe, rungs.stream().map(Rung::audioKbps).toList(), workDir,
                    contentClock(probe));
            long lastTick = chunks.stream().flatMap(List::stream).mapToLong(ChunkEncoder.Part::lastTick).max().orElse(0);
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

    private ContentClock contentClock(Probe probe) {
        return new ContentClock(probe.frameRate(), limits.maxDuration(), limits.describeDuration());
    }
}
