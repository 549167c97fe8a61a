package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.messaging.ChunkRequested;
import dev.videopipeline.common.messaging.MessagePublisher;
import dev.videopipeline.common.video.ChunkBoard;
import dev.videopipeline.common.video.ChunkClaims;
import dev.videopipeline.common.video.ChunkState;
import dev.videopipeline.common.video.Probe;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.encoder.transcode.ChunkPart;
import dev.videopipeline.encoder.transcode.ChunkPlan;
import dev.videopipeline.encoder.transcode.ChunkedLadderEncoder;
import dev.videopipeline.encoder.transcode.RenditionFile;
import dev.videopipeline.encoder.transcode.Rung;
import dev.videopipeline.encoder.transcode.SourceFile;
import dev.videopipeline.encoder.transcode.UnreadableSourceException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.IntConsumer;

/**
 * A long video's encode as the encoder that claimed it runs it: the plan stored with the video
 * (kept if an earlier claim stored the same one, with the chunks it finished), a request sent for
 * every chunk not done so that idle encoders take them up, then chunks claimed and encoded here too,
 * from the last one back, until none is left unclaimed; then a wait for those others hold (one
 * whose holder dies is claimed here when its lease runs out), and the join. A chunk failed for good
 * fails the video with its reason; the video's own claim, heartbeat, hand-back and outcome are
 * those of any encode ({@link EncodeRequests}).
 */
@Singleton
class ChunkedEncode {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkedEncode.class);
    /** How often a video waiting for chunks held elsewhere looks again. */
    private static final Duration POLL = Duration.ofSeconds(1);

    private final ChunkedLadderEncoder encoder;
    private final ChunkClaims chunks;
    private final ChunkLeases chunkLeases;
    private final EncodeLeases leases;
    private final ChunkWork work;
    private final ChunkParts parts;
    private final MessagePublisher publisher;
    private final PipelineResources resources;
    private final ChunkingSettings chunking;
    private final EncoderSettings settings;
    private final Clock clock;

    ChunkedEncode(ChunkedLadderEncoder encoder, ChunkClaims chunks, ChunkLeases chunkLeases, EncodeLeases leases,
                  ChunkWork work, ChunkParts parts, MessagePublisher publisher, PipelineResources resources,
                  ChunkingSettings chunking, EncoderSettings settings, Clock clock) {
        this.encoder = encoder;
        this.chunks = chunks;
        this.chunkLeases = chunkLeases;
        this.leases = leases;
        this.work = work;
        this.parts = parts;
        this.publisher = publisher;
        this.resources = resources;
        this.chunking = chunking;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param progress the video's progress, 0-100; it throws to stop the encode
     * @see dev.videopipeline.encoder.transcode.LadderEncoder#encode
     */
    List<RenditionFile> encode(Video video, SourceFile source, Probe probe, List<Rung> rungs, Path job, Path out,
                               IntConsumer progress) {
        ChunkPlan plan = encoder.plan(source, probe, chunking.chunkLength());
        String text = plan.text(rungs);
        ChunkBoard board = chunks.plan(video, text, plan.chunks().size())
                .orElseThrow(() -> new CancellationException("the video's claim was lost"));
        long requested = board.chunks().stream().filter(chunk -> !chunk.isDone()).count();
        board.chunks().stream().filter(chunk -> !chunk.isDone()).forEach(chunk ->
                publisher.send(resources.encodeQueueUrl(), new ChunkRequested(video.id(), chunk.index(), text)));
        LOG.atInfo().setMessage("chunked encode planned").addKeyValue("videoId", video.id())
                .addKeyValue("chunks", plan.chunks().size()).addKeyValue("requested", requested).log();
        Map<Integer, Mine> mine = new HashMap<>();
        while (true) {
            if (board.failure() != null) {
                throw new UnreadableSourceException(board.failure(), null);
            }
            if (board.status() != VideoStatus.ENCODING) {
                throw new CancellationException("the video is " + board.status());
            }
            if (board.allDone()) {
                break;
            }
            long othersFrames = board.frames();
            progress.accept(percent(othersFrames, plan));
            var free = freeChunk(board);
            if (free != null && !leases.stopping()) {
                encodeHere(video, source, probe, rungs, plan, text, free, othersFrames, job, progress)
                        .ifPresent(made -> mine.put(free.index(), made));
            } else if (leases.stopping()) {
                throw new CancellationException("the encoder stops");
            } else {
                pause();
            }
            board = chunks.read(video.id()).orElseThrow(() -> new CancellationException("the video was deleted"));
        }
        List<List<ChunkPart>> joined = new ArrayList<>();
        for (var chunk : board.chunks()) {
            var here = mine.get(chunk.index());
            joined.add(here != null && here.attempt() == chunk.done() ? here.parts()
                    : parts.fetch(video.id(), chunk, rungs, job.resolve("fetched").resolve(Integer.toString(chunk.index()))));
        }
        return encoder.join(source, probe, rungs, plan, joined, job.resolve("sound"), out);
    }

    /** The parts of a chunk encoded here, kept to be joined without fetching them back. */
    private record Mine(int attempt, List<ChunkPart> parts) {
    }

    private Optional<Mine> encodeHere(Video video, SourceFile source, Probe probe, List<Rung> rungs,
                                                           ChunkPlan plan, String text, ChunkState free, long othersFrames,
                                                           Path job, IntConsumer progress) {
        var attempt = chunks.claim(video.id(), text, free.index(), settings.lease());
        if (attempt.isEmpty()) {
            return Optional.empty();
        }
        var request = new ChunkRequested(video.id(), free.index(), text);
        var lease = chunkLeases.hold(request, attempt.getAsInt(), null);
        try {
            var made = work.encode(source, probe, rungs, plan, request, lease,
                    job.resolve("mine").resolve(free.index() + "-" + attempt.getAsInt()),
                    pictures -> progress.accept(percent(othersFrames - free.frames() + pictures, plan)));
            return made.map(list -> new Mine(lease.attempt(), list));
        } catch (CancellationException e) {
            if (lease.lost() && !Thread.currentThread().isInterrupted()) {
                // Only the chunk stopped (another failed, or its claim was taken): the board says what next.
                return Optional.empty();
            }
            throw e;
        }
    }

    /** One nobody holds, from the last back: the requests sent name the first ones first. */
    private ChunkState freeChunk(ChunkBoard board) {
        var now = clock.instant();
        for (int i = board.chunks().size() - 1; i >= 0; i--) {
            if (board.chunks().get(i).isFree(now)) {
                return board.chunks().get(i);
            }
        }
        return null;
    }

    private static int percent(long frames, ChunkPlan plan) {
        return (int) Math.min(99, frames * 100 / plan.expectedFrames());
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }
}
