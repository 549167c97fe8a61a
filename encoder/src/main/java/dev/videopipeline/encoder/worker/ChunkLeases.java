package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.messaging.ChunkRequested;
import dev.videopipeline.common.messaging.MessagePublisher;
import dev.videopipeline.common.messaging.ReceivedMessage;
import dev.videopipeline.common.video.ChunkClaims;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an encoder holds while it encodes a chunk (the chunk's claim and, for a chunk it was sent,
 * the request's invisibility), kept alive by a heartbeat that also records the pictures encoded,
 * and handed back when the worker stops first, so the chunk is claimed again at once.
 */
@Singleton
class ChunkLeases {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkLeases.class);

    private final ChunkClaims chunks;
    private final MessagePublisher publisher;
    private final EncoderSettings settings;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    private final Set<Lease> inFlight = ConcurrentHashMap.newKeySet();

    ChunkLeases(ChunkClaims chunks, MessagePublisher publisher, EncoderSettings settings) {
        this.chunks = chunks;
        this.publisher = publisher;
        this.settings = settings;
    }

    @PreDestroy
    void stop() {
        heartbeats.shutdownNow();
    }

    /**
     * Starts the heartbeat of a chunk claimed by {@code attempt}; {@link Lease#end} ends it.
     *
     * @param message the request it was claimed through, or null when the video's own encoder claimed it
     */
    Lease hold(ChunkRequested chunk, int attempt, ReceivedMessage message) {
        var lease = new Lease(chunk, attempt, message);
        inFlight.add(lease);
        lease.beat = heartbeats.scheduleAtFixedRate(lease::heartbeat, settings.heartbeat().toMillis(),
                settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        return lease;
    }

    void handBackAll() {
        inFlight.forEach(Lease::handBack);
    }

    final class Lease {

        private final ChunkRequested chunk;
        private final int attempt;
        private final ReceivedMessage message;
        private final AtomicLong frames = new AtomicLong();
        private final AtomicBoolean lost = new AtomicBoolean();
        private final AtomicBoolean handedBack = new AtomicBoolean();
        private volatile ScheduledFuture<?> beat;

        private Lease(ChunkRequested chunk, int attempt, ReceivedMessage message) {
            this.chunk = chunk;
            this.attempt = attempt;
            this.message = message;
        }

        int attempt() {
            return attempt;
        }

        /** Whether it was claimed through a request, not by the video's own encoder. */
        boolean requested() {
            return message != null;
        }

        /**
         * The chunk's pictures encoded so far, recorded by the next heartbeat.
         *
         * @throws CancellationException when the chunk must end here: handed back, claim lost, or the video failed or went
         */
        void progress(long encoded) {
            if (Thread.currentThread().isInterrupted() || lost.get() || handedBack.get()) {
                throw new CancellationException("chunk stopped");
            }
            frames.set(encoded);
        }

        long frames() {
            return frames.get();
        }

        /** Whether the chunk is no longer this worker's: handed back, or its claim refused a heartbeat. */
        boolean lost() {
            return lost.get() || handedBack.get();
        }

        boolean handedBack() {
            return handedBack.get();
        }

        /** No renewal after this: the chunk is done, or about to be given up. */
        void end() {
            beat.cancel(false);
            inFlight.remove(this);
        }

        private void handBack() {
            try {
                if (!chunks.release(chunk.videoId(), chunk.plan(), chunk.chunk(), attempt)) {
                    return;
                }
                handedBack.set(true);
                if (message != null) {
                    message.replaceWith(publisher, chunk, 0);
                }
                LOG.atInfo().setMessage("chunk handed back at stop").addKeyValue("videoId", chunk.videoId())
                        .addKeyValue("chunk", chunk.chunk()).log();
            } catch (RuntimeException e) {
                LOG.atWarn().setMessage("chunk hand-back failed; its lease will run out instead")
                        .addKeyValue("videoId", chunk.videoId()).addKeyValue("chunk", chunk.chunk())
                        .addKeyValue("error", e.getMessage()).log();
            }
        }

        /** The message first, as for a video ({@code EncodeLeases}); a claim refused ends the chunk at its next picture. */
        private void heartbeat() {
            try {
                if (message != null) {
                    message.hideFor(settings.lease(), settings.lease().dividedBy(6));
                }
            } catch (RuntimeException e) {
                LOG.atWarn().setMessage("heartbeat failed").addKeyValue("videoId", chunk.videoId())
                        .addKeyValue("chunk", chunk.chunk()).addKeyValue("renewing", "message")
                        .addKeyValue("error", e.getMessage()).log();
            }
            try {
                if (!chunks.heartbeat(chunk.videoId(), chunk.plan(), chunk.chunk(), attempt, frames.get(), settings.lease())
                        && !handedBack.get() && !lost.getAndSet(true)) {
                    LOG.atWarn().setMessage("chunk claim lost; the chunk stops").addKeyValue("videoId", chunk.videoId())
                            .addKeyValue("chunk", chunk.chunk()).log();
                }
            } catch (RuntimeException e) {
                LOG.atWarn().setMessage("heartbeat failed").addKeyValue("videoId", chunk.videoId())
                        .addKeyValue("chunk", chunk.chunk()).addKeyValue("renewing", "chunk claim")
                        .addKeyValue("error", e.getMessage()).log();
            }
        }
    }
}
