package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.messaging.MessagePublisher;
import dev.videopipeline.common.messaging.ReceivedMessage;
import dev.videopipeline.common.messaging.VideoUploaded;
import dev.videopipeline.common.video.EncodingClaims;
import dev.videopipeline.common.video.Video;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a running encode holds (its request's invisibility, the video's claim, the owner's turn),
 * kept alive by one heartbeat while the job runs, and handed back when the worker must stop first:
 * the jobs in flight are known, so another encoder can start them at once, at no attempt's cost.
 */
@Singleton
class EncodeLeases {

    private static final Logger LOG = LoggerFactory.getLogger(EncodeLeases.class);

    private final EncodingClaims claims;
    private final OwnerTurns turns;
    private final MessagePublisher publisher;
    private final EncoderSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, Lease> inFlight = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    EncodeLeases(EncodingClaims claims, OwnerTurns turns, MessagePublisher publisher, EncoderSettings settings,
                 Clock clock) {
        this.claims = claims;
        this.turns = turns;
        this.publisher = publisher;
        this.settings = settings;
        this.clock = clock;
    }

    @PreDestroy
    void stop() {
        heartbeats.shutdownNow();
    }

    /** Starts the heartbeat of a job about to run on the calling thread; {@link Lease#end} ends it. */
    Lease hold(Video video, VideoUploaded request, ReceivedMessage message, OwnerTurn turn) {
        var lease = new Lease(video, request, message, turn, Thread.currentThread(),
                clock.instant().plus(settings.maxEncodeTime()));
        inFlight.put(video.id(), lease);
        lease.beat = heartbeats.scheduleAtFixedRate(lease::heartbeat, settings.heartbeat().toMillis(),
                settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        return lease;
    }

    /**
     * The worker stops: a chunked encode claims no more chunks, and hands its video back at once.
     * One worker a process; {@link #open} undoes it for a worker started again in the same one (tests).
     */
    void beginStop() {
        stopping.set(true);
    }

    void open() {
        stopping.set(false);
    }

    boolean stopping() {
        return stopping.get();
    }

    /** Hands every running job back: another encoder starts it at once, and it costs no attempt. */
    void handBackAll() {
        inFlight.values().forEach(Lease::handBack);
    }

    /**
     * One job being worked on. {@code overTime} is set by the heartbeat when the encode outlives
     * {@code max-encode-time}; {@code handedBack} once the stop has given it back; {@code claimLost}
     * when a heartbeat found the claim taken over.
     */
    final class Lease {

        private final Video video;
        private final VideoUploaded request;
        private final ReceivedMessage message;
        private final OwnerTurn turn;
        private final Thread worker;
        private final Instant deadline;
        private final AtomicInteger progress = new AtomicInteger();
        private final AtomicBoolean overTime = new AtomicBoolean();
        private final AtomicBoolean handedBack = new AtomicBoolean();
        private final AtomicBoolean claimLost = new AtomicBoolean();
        private volatile ScheduledFuture<?> beat;

        private Lease(Video video, VideoUploaded request, ReceivedMessage message, OwnerTurn turn, Thread worker,
                      Instant deadline) {
            this.video = video;
            this.request = request;
            this.message = message;
            this.turn = turn;
            this.worker = worker;
            this.deadline = deadline;
        }

        /**
         * The job's progress, recorded by the next heartbeat.
         *
         * @throws CancellationException when the job must end here: handed back at stop, over time, or taken over
         */
        void progress(int percent) {
            if (Thread.currentThread().isInterrupted() || claimLost.get()) {
                throw new CancellationException("stopped");
            }
            progress.set(percent);
        }

        boolean overTime() {
            return overTime.get();
        }

        /** Whether the video is another encoder's now, and so is its outcome. */
        boolean lostToAnother() {
            return handedBack.get() || claimLost.get();
        }

        /** No renewal after this: the job has its outcome, or is about to write it. */
        void stopBeating() {
            beat.cancel(false);
        }

        /** The job is over here: its entry goes and, unless it was handed back, so does the owner's turn. */
        void end() {
            if (overTime.get()) {
                Thread.interrupted(); // the pool's thread goes on to the next request uninterrupted
            }
            // Only this job's own: one that took the video over after a hand-back keeps its entries.
            inFlight.remove(video.id(), this);
            if (!handedBack.get()) {
                turns.release(video, turn);
            }
        }

        /**
         * Releases the claim as a hand-back and puts a fresh copy of the request in the queue in place
         * of this one: made visible again, this message would count one more receive towards the
         * dead-letter queue, and a video handed back often enough would land there. A stop between the
         * send and the delete leaves a duplicate, which the claim absorbs.
         */
        void handBack() {
            try {
                // The turn first: the encoder that takes the video over must find the owner's room free.
                turns.release(video, turn);
                if (!claims.handBack(video)) {
                    // It has just finished (its own outcome and delete follow) or its claim was lost.
                    return;
                }
                handedBack.set(true);
                message.replaceWith(publisher, request, 0);
                LOG.atInfo().setMessage("encode handed back at stop").addKeyValue("videoId", video.id())
                        .addKeyValue("handBacks", video.handBacks() + 1).log();
            } catch (RuntimeException e) {
                LOG.atWarn().setMessage("hand-back failed; the lease will run out instead")
                        .addKeyValue("videoId", video.id()).addKeyValue("error", e.getMessage()).log();
            }
        }

        /**
         * Renews the message, the claim and the owner's turn, and records progress: at most once a
         * heartbeat. The message first and on its own: were it to come back while this encoder still
         * holds the claim (DynamoDB slow or failing), its new receipt would be someone else's and this
         * one could no longer renew or delete it. A claim found taken over ends the job.
         */
        private void heartbeat() {
            if (clock.instant().isAfter(deadline) && !overTime.getAndSet(true)) {
                // Whatever phase the job is in (decoding, packaging, publishing), it ends and its video fails.
                LOG.atWarn().setMessage("encode over its time limit").addKeyValue("videoId", video.id()).log();
                worker.interrupt();
            }
            renew("message", () -> message.hideFor(settings.lease(), settings.lease().dividedBy(6)));
            renew("claim", () -> {
                if (!claims.heartbeat(video, progress.get(), settings.lease()) && !handedBack.get()
                        && !claimLost.getAndSet(true)) {
                    // The job stops at its next frame; an outcome it reaches first is refused by the claim.
                    LOG.atWarn().setMessage("claim lost; the encode stops").addKeyValue("videoId", video.id()).log();
                }
            });
            renew("running encode", () -> turns.renew(video, turn));
        }

        private void renew(String what, Runnable renewal) {
            try {
                renewal.run();
            } catch (RuntimeException e) {
                LOG.atWarn().setMessage("heartbeat failed").addKeyValue("videoId", video.id())
                        .addKeyValue("renewing", what).addKeyValue("error", e.getMessage()).log();
            }
        }
    }
}
