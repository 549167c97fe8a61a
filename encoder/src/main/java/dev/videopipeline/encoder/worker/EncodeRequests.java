package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.messaging.ChunkRequested;
import dev.videopipeline.common.messaging.MessageCodec;
import dev.videopipeline.common.messaging.ReceivedMessage;
import dev.videopipeline.common.messaging.VideoUploaded;
import dev.videopipeline.common.video.EncodingClaims;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoChange;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.encoder.transcode.UnreadableSourceException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * What one encode request becomes: the owner's turn, a claim, an {@link EncodeJob} run under its
 * {@link EncodeLeases lease}, an outcome with its notification ({@link EncodeOutcomes}), and only
 * then the message's deletion. A chunk's request goes to {@link ChunkRequests}.
 */
@Singleton
public class EncodeRequests {

    private static final Logger LOG = LoggerFactory.getLogger(EncodeRequests.class);

    private final MessageCodec codec;
    private final VideoRepository videos;
    private final EncodingClaims claims;
    private final OwnerTurns turns;
    private final EncodeLeases leases;
    private final EncodeJob job;
    private final EncodeOutcomes outcomes;
    private final EncoderSettings settings;
    private final EncodeMetrics metrics;
    private final Clock clock;
    private final ChunkRequests chunks;
    private final ChunkParts chunkParts;

    EncodeRequests(MessageCodec codec, VideoRepository videos, EncodingClaims claims, OwnerTurns turns,
                   EncodeLeases leases, EncodeJob job, EncodeOutcomes outcomes, EncoderSettings settings,
                   EncodeMetrics metrics, Clock clock, ChunkRequests chunks, ChunkParts chunkParts) {
        this.chunks = chunks;
        this.chunkParts = chunkParts;
        this.codec = codec;
        this.videos = videos;
        this.claims = claims;
        this.turns = turns;
        this.leases = leases;
        this.job = job;
        this.outcomes = outcomes;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void handle(ReceivedMessage message) {
        var request = message.decode(codec, VideoUploaded.class, ChunkRequested.class).orElse(null);
        if (request instanceof VideoUploaded video) {
            handle(video, message);
        } else if (request instanceof ChunkRequested chunk) {
            chunks.handle(chunk, message);
        }
    }

    private void handle(VideoUploaded request, ReceivedMessage message) {
        String id = request.videoId();
        var current = videos.find(id);
        var turn = turns.take(current, request, message);
        if (turn.isEmpty()) {
            return;
        }
        var claimed = claims.claim(id, message.id(), settings.lease());
        if (claimed.isEmpty()) {
            if (turn.get().taken()) {
                turns.release(current.get(), turn.get());
            }
            handleUnclaimable(id, message);
            return;
        }
        Video video = claimed.get();
        if (video.failedAttempts() > settings.maxAttempts()) {
            // Every earlier claim not handed back ended without an outcome (its encoder killed mid-job,
            // say by a video that exhausts its memory): the sweeper's request must not start one more.
            LOG.atError().setMessage("encode attempts used up").addKeyValue("videoId", id)
                    .addKeyValue("attempts", video.failedAttempts() - 1).addKeyValue("handBacks", video.handBacks()).log();
            outcomes.finish(video, VideoStatus.FAILED, VideoChange.with().failureReason(attemptsUsedUp()), message);
            turns.release(video, turn.get());
            return;
        }
        encode(video, request, message, turn.get());
    }

    private void encode(Video video, VideoUploaded request, ReceivedMessage message, OwnerTurn turn) {
        LOG.atInfo().setMessage("encode started").addKeyValue("videoId", video.id())
                .addKeyValue("attempt", video.attempts()).log();
        var lease = leases.hold(video, request, message, turn);
        long started = System.nanoTime();
        String result = "retried";
        try {
            VideoChange ready = job.run(video, lease::progress);
            lease.stopBeating();
            result = VideoStatus.READY.name();
            outcomes.finish(video, VideoStatus.READY, ready, message);
        } catch (UnreadableSourceException e) {
            lease.stopBeating();
            result = VideoStatus.FAILED.name();
            outcomes.finish(video, VideoStatus.FAILED, VideoChange.with().failureReason(e.getMessage()), message);
        } catch (RuntimeException e) {
            lease.stopBeating();
            if (stopped(lease, e)) {
                result = "stopped";
                if (!lease.lostToAnother()) {
                    lease.handBack(); // a chunked encode that stops between chunks
                }
                LOG.atInfo().setMessage("encode stopped").addKeyValue("videoId", video.id()).log();
            } else if (lease.overTime()) {
                Thread.interrupted(); // the heartbeat's interrupt has done its work; the outcome must be written
                result = VideoStatus.FAILED.name();
                outcomes.failPublished(video, "Encoding this video took longer than the "
                        + settings.maxEncodeTime().toMinutes() + " minutes one encode may take.", message);
            } else if (message.receiveCount() >= settings.maxAttempts()) {
                result = VideoStatus.FAILED.name();
                outcomes.giveUp(video, attemptsUsedUp(), message, e);
                metrics.deadLettered();
            } else {
                // Transient (S3, DynamoDB, disk): give the video up; the message comes back after its timeout.
                LOG.atWarn().setMessage("encode failed; will be retried").addKeyValue("videoId", video.id())
                        .addKeyValue("receiveCount", message.receiveCount()).setCause(e).log();
                claims.release(video);
            }
        } finally {
            lease.end();
            metrics.encoded(result, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /**
     * Whether the job ended because it was stopped, whatever the interrupt broke: the video is
     * another encoder's now (handed back, or its claim lost), or it was handed back at stop. An
     * interrupt of a job over its time limit is not a stop: its video fails.
     */
    private static boolean stopped(EncodeLeases.Lease lease, RuntimeException e) {
        return lease.lostToAnother() || !lease.overTime()
                && (e instanceof CancellationException || Thread.currentThread().isInterrupted());
    }

    private String attemptsUsedUp() {
        return "We could not process this video after " + settings.maxAttempts() + " attempts. Please try again later.";
    }

    /**
     * Nobody may claim it: it has an outcome (a duplicate delivery: the outcome mail is sent again,
     * which the mailer deduplicates, then the message goes), it is gone, or another worker holds it.
     * A copy of the request that worker holds goes: returning every lease for as long as the encode
     * runs, it would end in the dead-letter queue. The holder's own message, seen as its lease ends
     * (the holder died), comes back just after that lease: the video is taken over then, not a whole
     * visibility timeout later.
     */
    private void handleUnclaimable(String videoId, ReceivedMessage message) {
        var current = videos.find(videoId);
        if (current.isEmpty()) {
            chunkParts.removeAll(videoId);
            LOG.atInfo().setMessage("encode request for a deleted video dropped").addKeyValue("videoId", videoId).log();
            message.delete();
        } else if (current.get().status().isFinal()) {
            outcomes.notifyOutcome(videoId, current.get().status());
            message.delete();
        } else if (claims.heldThroughAnother(videoId, message.id())) {
            LOG.atInfo().setMessage("copy of an encode request dropped; another encoder holds the video")
                    .addKeyValue("videoId", videoId).addKeyValue("sqsMessageId", message.id()).log();
            message.delete();
        } else if (current.get().leaseUntil() != null) {
            long seconds = Duration.between(clock.instant(), current.get().leaseUntil()).toSeconds() + 1;
            message.hideFor(Duration.ofSeconds(Math.max(1, Math.min(seconds, settings.lease().toSeconds() + 1))));
        }
    }
}
