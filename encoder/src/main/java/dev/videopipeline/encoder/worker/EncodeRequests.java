package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.messaging.MessageCodec;
import dev.videopipeline.common.messaging.MessagePublisher;
import dev.videopipeline.common.messaging.PipelineMessage;
import dev.videopipeline.common.messaging.UnreadableMessageException;
import dev.videopipeline.common.messaging.VideoFailed;
import dev.videopipeline.common.messaging.VideoReady;
import dev.videopipeline.common.messaging.VideoUploaded;
import dev.videopipeline.common.video.EncodingClaims;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoChange;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.encoder.fairuse.FairUseSettings;
import dev.videopipeline.encoder.fairuse.RunningEncodes;
import dev.videopipeline.encoder.transcode.UnreadableSourceException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one encode request becomes: a claim, an {@link EncodeJob}, an outcome with its notification,
 * and only then the message's deletion. While the job runs a heartbeat extends both the claim and
 * the message's invisibility; the running jobs are known, so a stopping worker can hand them back.
 */
@Singleton
public class EncodeRequests {

    private static final Logger LOG = LoggerFactory.getLogger(EncodeRequests.class);

    private final SqsClient sqs;
    private final MessageCodec codec;
    private final EncodingClaims claims;
    private final VideoRepository videos;
    private final EncodeJob job;
    private final MediaPublisher media;
    private final MessagePublisher publisher;
    private final PipelineResources resources;
    private final EncoderSettings settings;
    private final EncodeMetrics metrics;
    private final RunningEncodes running;
    private final FairUseSettings fairUse;
    private final Clock clock;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();

    /**
     * A job being worked on: what to hand back if the worker must stop first. {@code turn} is this
     * delivery's own token for the owner's running encodes; {@code overTime} is set by the heartbeat
     * when the encode outlives {@code max-encode-time}; {@code handedBack} once the stop has given it
     * back; {@code claimLost} when a heartbeat found the claim taken over.
     */
    private record InFlight(Video video, VideoUploaded request, Message message, String turn, Thread worker,
                            AtomicBoolean overTime, AtomicBoolean handedBack, AtomicBoolean claimLost) {
    }

    public EncodeRequests(SqsClient sqs, MessageCodec codec, EncodingClaims claims, VideoRepository videos,
                          EncodeJob job, MediaPublisher media, MessagePublisher publisher,
                          PipelineResources resources, EncoderSettings settings, EncodeMetrics metrics,
                          RunningEncodes running, FairUseSettings fairUse, Clock clock) {
        this.sqs = sqs;
        this.codec = codec;
        this.claims = claims;
        this.videos = videos;
        this.job = job;
        this.media = media;
        this.publisher = publisher;
        this.resources = resources;
        this.settings = settings;
        this.metrics = metrics;
        this.running = running;
        this.fairUse = fairUse;
        this.clock = clock;
    }

    @PreDestroy
    void stop() {
        heartbeats.shutdownNow();
    }

    public void handle(Message message) {
        PipelineMessage request;
        try {
            request = codec.decode(message.body());
        } catch (UnreadableMessageException e) {
            // Left alone: the redrive policy parks it in the dead-letter queue after a few receives.
            LOG.atWarn().setMessage("unreadable encode request").addKeyValue("sqsMessageId", message.messageId())
                    .addKeyValue("error", e.getMessage()).log();
            return;
        }
        if (!(request instanceof VideoUploaded uploaded)) {
            LOG.atWarn().setMessage("not an encode request").addKeyValue("sqsMessageId", message.messageId()).log();
            return;
        }
        String id = uploaded.videoId();
        var current = videos.find(id);
        // This delivery's own token: what it takes of the owner's running encodes only it can give back.
        String turn = UUID.randomUUID().toString();
        // A video gone or with an outcome takes no turn: the claim below refuses it.
        var taken = current.isEmpty() || current.get().status().isFinal() ? RunningEncodes.Turn.HELD_ELSEWHERE
                : running.take(current.get().owner().id(), id, turn, clock.instant().plus(settings.lease()));
        if (taken == RunningEncodes.Turn.WAIT) {
            waitTurn(uploaded, message);
            return;
        }
        var claimed = claims.claim(id, message.messageId(), settings.lease());
        if (claimed.isEmpty()) {
            if (taken == RunningEncodes.Turn.TAKEN) {
                releaseTurn(current.get(), turn);
            }
            handleUnclaimable(id, message);
            return;
        }
        if (claimed.get().failedAttempts() > settings.maxAttempts()) {
            // Every earlier claim not handed back ended without an outcome (its encoder killed mid-job,
            // say by a video that exhausts its memory): the sweeper's request must not start one more.
            LOG.atError().setMessage("encode attempts used up").addKeyValue("videoId", id)
                    .addKeyValue("attempts", claimed.get().failedAttempts() - 1)
                    .addKeyValue("handBacks", claimed.get().handBacks()).log();
            finish(claimed.get(), VideoStatus.FAILED, VideoChange.with().failureReason(attemptsUsedUp()), message);
            releaseTurn(claimed.get(), turn);
            return;
        }
        encode(claimed.get(), uploaded, message, turn);
    }

    /**
     * The owner has as many encodes running as allowed: the request goes back to the queue, to be
     * looked at again after {@code busy-owner-wait}, and other owners' requests go first. A copy is
     * sent, then this one deleted, so the wait costs neither an attempt nor a receive towards the
     * dead-letter queue; a crash between the two leaves a duplicate, which the claim absorbs.
     */
    private void waitTurn(VideoUploaded request, Message message) {
        int delay = (int) fairUse.busyOwnerWait().toSeconds();
        // Spread out, so that one owner's many waiting requests do not all come back at once.
        int jittered = Math.min(900, delay + ThreadLocalRandom.current().nextInt(delay / 4 + 1));
        publisher.send(resources.encodeQueueUrl(), request, jittered);
        delete(message);
        metrics.waitedTurn();
        LOG.atInfo().setMessage("encode waits its owner's turn").addKeyValue("videoId", request.videoId())
                .addKeyValue("delaySeconds", jittered).log();
    }

    /** Hands every running job back: another encoder starts it at once, and it costs no attempt. */
    public void handBackAll() {
        inFlight.values().forEach(this::handBack);
    }

    /**
     * Releases the claim as a hand-back and puts a fresh copy of the request in the queue in place
     * of this one: made visible again, this message would count one more receive towards the
     * dead-letter queue, and a video handed back often enough would land there. A stop between the
     * send and the delete leaves a duplicate, which the claim absorbs.
     */
    private void handBack(InFlight job) {
        try {
            // The turn first: the encoder that takes the video over must find the owner's room free.
            releaseTurn(job.video(), job.turn());
            if (!claims.handBack(job.video())) {
                // It has just finished (its own outcome and delete follow) or its claim was lost.
                return;
            }
            job.handedBack().set(true);
            publisher.send(resources.encodeQueueUrl(), job.request());
            delete(job.message());
            LOG.atInfo().setMessage("encode handed back at stop").addKeyValue("videoId", job.video().id())
                    .addKeyValue("handBacks", job.video().handBacks() + 1).log();
        } catch (RuntimeException e) {
            LOG.atWarn().setMessage("hand-back failed; the lease will run out instead")
                    .addKeyValue("videoId", job.video().id()).addKeyValue("error", e.getMessage()).log();
        }
    }

    private void encode(Video video, VideoUploaded request, Message message, String turn) {
        LOG.atInfo().setMessage("encode started").addKeyValue("videoId", video.id())
                .addKeyValue("attempt", video.attempts()).log();
        var job = new InFlight(video, request, message, turn, Thread.currentThread(), new AtomicBoolean(),
                new AtomicBoolean(), new AtomicBoolean());
        inFlight.put(video.id(), job);
        var progress = new AtomicInteger();
        Instant deadline = clock.instant().plus(settings.maxEncodeTime());
        var beat = heartbeats.scheduleAtFixedRate(() -> heartbeat(job, progress.get(), deadline),
                settings.heartbeat().toMillis(), settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        String result = "retried";
        try {
            VideoChange ready = this.job.run(video, percent -> {
                if (Thread.currentThread().isInterrupted() || job.claimLost().get()) {
                    // Handed back at stop, over time, or taken over: the job ends here.
                    throw new CancellationException("stopped");
                }
                progress.set(percent);
            });
            beat.cancel(false);
            result = VideoStatus.READY.name();
            finish(video, VideoStatus.READY, ready, message);
        } catch (UnreadableSourceException e) {
            beat.cancel(false);
            result = VideoStatus.FAILED.name();
            finish(video, VideoStatus.FAILED, VideoChange.with().failureReason(e.getMessage()), message);
        } catch (RuntimeException e) {
            beat.cancel(false);
            if (job.handedBack().get() || job.claimLost().get()) {
                // Whatever the interrupt broke: the video is another encoder's now, and so is its outcome.
                result = "stopped";
                LOG.atInfo().setMessage("encode stopped").addKeyValue("videoId", video.id()).log();
            } else if (job.overTime().get()) {
                Thread.interrupted(); // the heartbeat's interrupt has done its work; the outcome must be written
                result = VideoStatus.FAILED.name();
                media.unpublish(video.id()); // it may have ended while publishing: a failed video keeps no media
                finish(video, VideoStatus.FAILED, VideoChange.with().failureReason("Encoding this video took longer than "
                        + "the " + settings.maxEncodeTime().toMinutes() + " minutes one encode may take."), message);
            } else if (e instanceof CancellationException || Thread.currentThread().isInterrupted()) {
                // Handed back at stop (whatever the interrupt broke): the claim and message are released already.
                result = "stopped";
                LOG.atInfo().setMessage("encode stopped").addKeyValue("videoId", video.id()).log();
            } else if (receiveCount(message) >= settings.maxAttempts()) {
                result = VideoStatus.FAILED.name();
                giveUp(video, message, e);
            } else {
                // Transient (S3, DynamoDB, disk): give the video up; the message comes back after its timeout.
                LOG.atWarn().setMessage("encode failed; will be retried").addKeyValue("videoId", video.id())
                        .addKeyValue("receiveCount", receiveCount(message)).setCause(e).log();
                claims.release(video);
            }
        } finally {
            if (job.overTime().get()) {
                Thread.interrupted(); // the pool's thread goes on to the next request uninterrupted
            }
            // Only this job's own: one that took the video over after a hand-back keeps its entries.
            inFlight.remove(video.id(), job);
            if (!job.handedBack().get()) {
                releaseTurn(video, turn);
            }
            metrics.encoded(result, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** The encode is over here, whatever its outcome: the owner's next request may run. */
    private void releaseTurn(Video video, String turn) {
        try {
            running.release(video.owner().id(), video.id(), turn);
        } catch (RuntimeException e) {
            // The entry's lease runs out instead; until then the owner has one encode fewer.
            LOG.atWarn().setMessage("running encode not released").addKeyValue("videoId", video.id())
                    .addKeyValue("error", e.getMessage()).log();
        }
    }

    private void finish(Video video, VideoStatus outcome, VideoChange change, Message message) {
        if (claims.finish(video, outcome, change).isEmpty()) {
            if (videos.find(video.id()).isEmpty()) {
                // Deleted while it was encoded: what this job published must not outlive it.
                media.unpublish(video.id());
                delete(message);
                LOG.atInfo().setMessage("video deleted during its encode; outputs removed")
                        .addKeyValue("videoId", video.id()).log();
                return;
            }
            // Our lease ran out and another worker took the video over: its copy of the message is its own.
            LOG.atWarn().setMessage("claim lost before the outcome").addKeyValue("videoId", video.id()).log();
            return;
        }
        try {
            notifyOutcome(video.id(), outcome);
        } catch (SdkException e) {
            // The outcome is recorded; the request comes back after its visibility timeout and, finding
            // the video done, sends the notification then (handleUnclaimable).
            LOG.atWarn().setMessage("encode finished; notification not sent yet").addKeyValue("videoId", video.id())
                    .addKeyValue("status", outcome).addKeyValue("error", e.getMessage()).log();
            return;
        }
        delete(message);
        LOG.atInfo().setMessage("encode finished").addKeyValue("videoId", video.id())
                .addKeyValue("status", outcome).log();
    }

    /**
     * The last attempt failed too: the video fails with a reason its owner can act on. The message
     * is left to move on to the dead-letter queue, where the alarm shows it to an operator.
     */
    private void giveUp(Video video, Message message, RuntimeException cause) {
        LOG.atError().setMessage("encode failed on its last attempt").addKeyValue("videoId", video.id())
                .addKeyValue("receiveCount", receiveCount(message)).setCause(cause).log();
        if (claims.finish(video, VideoStatus.FAILED, VideoChange.with().failureReason(attemptsUsedUp())).isPresent()) {
            notifyOutcome(video.id(), VideoStatus.FAILED);
        }
        makeVisible(message);
        metrics.deadLettered();
    }

    private String attemptsUsedUp() {
        return "We could not process this video after " + settings.maxAttempts() + " attempts. Please try again later.";
    }

    private static int receiveCount(Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return count == null ? 1 : Integer.parseInt(count);
    }

    /**
     * Nobody may claim it: it has an outcome (a duplicate delivery: the outcome mail is sent again,
     * which the mailer deduplicates, then the message goes), it is gone, or another worker holds it.
     * A copy of the request that worker holds goes: returning every lease for as long as the encode
     * runs, it would end in the dead-letter queue. The holder's own message, seen as its lease ends
     * (the holder died), comes back just after that lease: the video is taken over then, not a whole
     * visibility timeout later.
     */
    private void handleUnclaimable(String videoId, Message message) {
        var current = videos.find(videoId);
        if (current.isEmpty()) {
            LOG.atInfo().setMessage("encode request for a deleted video dropped").addKeyValue("videoId", videoId).log();
            delete(message);
        } else if (current.get().status().isFinal()) {
            notifyOutcome(videoId, current.get().status());
            delete(message);
        } else if (claims.heldThroughAnother(videoId, message.messageId())) {
            LOG.atInfo().setMessage("copy of an encode request dropped; another encoder holds the video")
                    .addKeyValue("videoId", videoId).addKeyValue("sqsMessageId", message.messageId()).log();
            delete(message);
        } else if (current.get().leaseUntil() != null) {
            long seconds = Duration.between(clock.instant(), current.get().leaseUntil()).toSeconds() + 1;
            sqs.changeMessageVisibility(b -> b.queueUrl(resources.encodeQueueUrl())
                    .receiptHandle(message.receiptHandle())
                    .visibilityTimeout((int) Math.max(1, Math.min(seconds, settings.lease().toSeconds() + 1))));
        }
    }

    private void notifyOutcome(String videoId, VideoStatus outcome) {
        PipelineMessage notification = outcome == VideoStatus.READY ? new VideoReady(videoId) : new VideoFailed(videoId);
        publisher.send(resources.notifyQueueUrl(), notification);
    }

    /**
     * Renews the message, the claim and the owner's running entry, and records progress: at most
     * once a heartbeat. The message first and on its own: were it to come back while this encoder
     * still holds the claim (DynamoDB slow or failing), its new receipt would be someone else's and
     * this one could no longer renew or delete it. A claim found taken over ends the job.
     */
    private void heartbeat(InFlight job, int progress, Instant deadline) {
        Video video = job.video();
        Message message = job.message();
        if (clock.instant().isAfter(deadline) && !job.overTime().getAndSet(true)) {
            // Whatever phase the job is in (decoding, packaging, publishing), it ends and its video fails.
            LOG.atWarn().setMessage("encode over its time limit").addKeyValue("videoId", video.id()).log();
            job.worker().interrupt();
        }
        beat(video, "message", () -> sqs.changeMessageVisibility(b -> b.queueUrl(resources.encodeQueueUrl())
                .receiptHandle(message.receiptHandle()).visibilityTimeout((int) settings.lease().toSeconds())
                .overrideConfiguration(o -> o.apiCallTimeout(settings.lease().dividedBy(6)))));
        beat(video, "claim", () -> {
            if (!claims.heartbeat(video, progress, settings.lease()) && !job.handedBack().get()
                    && !job.claimLost().getAndSet(true)) {
                // The job stops at its next frame; an outcome it reaches first is refused by the claim.
                LOG.atWarn().setMessage("claim lost; the encode stops").addKeyValue("videoId", video.id()).log();
            }
        });
        beat(video, "running encode", () -> running.renew(video.owner().id(), video.id(), job.turn(),
                clock.instant().plus(settings.lease())));
    }

    private static void beat(Video video, String what, Runnable renewal) {
        try {
            renewal.run();
        } catch (RuntimeException e) {
            LOG.atWarn().setMessage("heartbeat failed").addKeyValue("videoId", video.id()).addKeyValue("renewing", what)
                    .addKeyValue("error", e.getMessage()).log();
        }
    }

    /** Ends the message's invisibility now. */
    private void makeVisible(Message message) {
        sqs.changeMessageVisibility(b -> b.queueUrl(resources.encodeQueueUrl())
                .receiptHandle(message.receiptHandle()).visibilityTimeout(0));
    }

    private void delete(Message message) {
        sqs.deleteMessage(b -> b.queueUrl(resources.encodeQueueUrl()).receiptHandle(message.receiptHandle()));
    }
}
