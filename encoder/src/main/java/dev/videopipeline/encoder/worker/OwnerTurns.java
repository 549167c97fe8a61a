package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.messaging.MessagePublisher;
import dev.videopipeline.common.messaging.ReceivedMessage;
import dev.videopipeline.common.messaging.VideoUploaded;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.encoder.fairuse.FairUseSettings;
import dev.videopipeline.encoder.fairuse.RunningEncodes;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fair use for one delivery: it takes one of its owner's running encodes ({@link RunningEncodes})
 * before it claims the video, renews it with the heartbeat and gives it back when the encode is
 * over here, whatever the outcome. An owner with as many running as allowed waits in the queue.
 */
@Singleton
class OwnerTurns {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerTurns.class);

    private final RunningEncodes running;
    private final FairUseSettings fairUse;
    private final MessagePublisher publisher;
    private final EncoderSettings settings;
    private final EncodeMetrics metrics;
    private final Clock clock;

    OwnerTurns(RunningEncodes running, FairUseSettings fairUse, MessagePublisher publisher, EncoderSettings settings,
               EncodeMetrics metrics, Clock clock) {
        this.running = running;
        this.fairUse = fairUse;
        this.publisher = publisher;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @param current the video as it is now
     * @return this delivery's turn; empty when the owner has as many encodes running as allowed,
     *         and the request now waits in the queue
     */
    Optional<OwnerTurn> take(Optional<Video> current, VideoUploaded request, ReceivedMessage message) {
        String token = UUID.randomUUID().toString();
        // A video gone or with an outcome takes no turn: the claim refuses it.
        var taken = current.isEmpty() || current.get().status().isFinal() ? RunningEncodes.Turn.HELD_ELSEWHERE
                : running.take(current.get().owner().id(), request.videoId(), token, clock.instant().plus(settings.lease()));
        if (taken == RunningEncodes.Turn.WAIT) {
            waitTurn(request, message);
            return Optional.empty();
        }
        return Optional.of(new OwnerTurn(token, taken == RunningEncodes.Turn.TAKEN));
    }

    /** The heartbeat's renewal: the entry lives on for another lease. */
    void renew(Video video, OwnerTurn turn) {
        if (turn.taken()) {
            running.renew(video.owner().id(), video.id(), turn.token(), clock.instant().plus(settings.lease()));
        }
    }

    /** The encode is over here, whatever its outcome: the owner's next request may run. Never throws. */
    void release(Video video, OwnerTurn turn) {
        if (turn.taken()) {
            running.release(video.owner().id(), video.id(), turn.token());
        }
    }

    /**
     * The request goes back to the queue, to be looked at again after {@code busy-owner-wait}, and
     * other owners' requests go first; as a fresh copy, so the wait costs neither an attempt nor a
     * receive towards the dead-letter queue.
     */
    private void waitTurn(VideoUploaded request, ReceivedMessage message) {
        int delay = (int) fairUse.busyOwnerWait().toSeconds();
        // Spread out, so that one owner's many waiting requests do not all come back at once.
        int jittered = Math.min(900, delay + ThreadLocalRandom.current().nextInt(delay / 4 + 1));
        message.replaceWith(publisher, request, jittered);
        metrics.waitedTurn();
        LOG.atInfo().setMessage("encode waits its owner's turn").addKeyValue("videoId", request.videoId())
                .addKeyValue("delaySeconds", jittered).log();
    }
}
