package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.messaging.ChunkRequested;
import dev.videopipeline.common.video.ChunkClaims;
import dev.videopipeline.common.video.Probe;
import dev.videopipeline.encoder.transcode.ChunkPart;
import dev.videopipeline.encoder.transcode.ChunkPlan;
import dev.videopipeline.encoder.transcode.ChunkedLadderEncoder;
import dev.videopipeline.encoder.transcode.Rung;
import dev.videopipeline.encoder.transcode.SourceFile;
import dev.videopipeline.encoder.transcode.UnreadableSourceException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * One claimed chunk, encoded, stored under its attempt's prefix and recorded as done, whoever
 * claimed it: an encoder it was sent to ({@link ChunkRequests}) or the video's own ({@link ChunkedEncode}).
 */
@Singleton
class ChunkWork {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkWork.class);

    private final ChunkedLadderEncoder encoder;
    private final ChunkParts parts;
    private final ChunkClaims chunks;
    private final MeterRegistry metrics;

    ChunkWork(ChunkedLadderEncoder encoder, ChunkParts parts, ChunkClaims chunks, MeterRegistry metrics) {
        this.encoder = encoder;
        this.parts = parts;
        this.chunks = chunks;
        this.metrics = metrics;
    }

    /**
     * @param encoded also told of each picture encoded (the video's progress), after the lease
     * @return the chunk's parts, or empty when its claim was lost before they were recorded (they are then removed)
     * @throws UnreadableSourceException when the chunk can never be encoded: recorded, so the video fails
     * @throws RuntimeException otherwise, the claim released unless the lease was lost (and so ended)
     */
    Optional<List<ChunkPart>> encode(SourceFile source, Probe probe, List<Rung> rungs, ChunkPlan plan, ChunkRequested chunk,
                                     ChunkLeases.Lease lease, Path dir, LongConsumer encoded) {
        long started = System.nanoTime();
        String via = lease.requested() ? "request" : "video";
        LOG.atInfo().setMessage("chunk started").addKeyValue("videoId", chunk.videoId()).addKeyValue("chunk", chunk.chunk())
                .addKeyValue("attempt", lease.attempt()).addKeyValue("via", via).log();
        List<ChunkPart> made;
        try {
            made = encoder.encodeChunk(source, probe, rungs, plan, plan.chunks().get(chunk.chunk()), dir, pictures -> {
                lease.progress(pictures);
                encoded.accept(pictures);
            });
            parts.store(chunk.videoId(), chunk.chunk(), lease.attempt(), made);
        } catch (UnreadableSourceException e) {
            lease.end();
            chunks.fail(chunk.videoId(), chunk.plan(), chunk.chunk(), lease.attempt(), e.getMessage());
            LOG.atWarn().setMessage("chunk cannot be encoded; the video fails").addKeyValue("videoId", chunk.videoId())
                    .addKeyValue("chunk", chunk.chunk()).addKeyValue("reason", e.getMessage()).log();
            throw e;
        } catch (RuntimeException e) {
            lease.end();
            if (!lease.lost()) {
                chunks.release(chunk.videoId(), chunk.plan(), chunk.chunk(), lease.attempt());
            }
            throw e;
        }
        var result = ChunkParts.result(made);
        lease.end();
        if (chunks.done(chunk.videoId(), chunk.plan(), chunk.chunk(), lease.attempt(), result).isEmpty()) {
            parts.remove(chunk.videoId(), chunk.chunk(), lease.attempt(), rungs);
            LOG.atWarn().setMessage("chunk claim lost before it was done; its parts removed")
                    .addKeyValue("videoId", chunk.videoId()).addKeyValue("chunk", chunk.chunk())
                    .addKeyValue("attempt", lease.attempt()).log();
            return Optional.empty();
        }
        // What the fleet's backlog per task is sized by (docs/scaling.md); "via" tells how far the work spreads.
        metrics.timer("pipeline.encode.chunk", "via", via)
                .record(Duration.ofNanos(System.nanoTime() - started));
        LOG.atInfo().setMessage("chunk encoded").addKeyValue("videoId", chunk.videoId()).addKeyValue("chunk", chunk.chunk())
                .addKeyValue("attempt", lease.attempt()).addKeyValue("pictures", result.pictures())
                .addKeyValue("seconds", String.format("%.1f", (System.nanoTime() - started) / 1e9)).log();
        return Optional.of(made);
    }
}
