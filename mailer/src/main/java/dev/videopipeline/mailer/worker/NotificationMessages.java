package dev.videopipeline.mailer.worker;

import dev.videopipeline.common.messaging.MessageCodec;
import dev.videopipeline.common.messaging.PipelineMessage;
import dev.videopipeline.common.messaging.ReceivedMessage;
import dev.videopipeline.common.messaging.VideoFailed;
import dev.videopipeline.common.messaging.VideoReady;
import dev.videopipeline.common.video.Notification;
import dev.videopipeline.common.video.NotificationClaims;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.mailer.compose.MailComposer;
import dev.videopipeline.mailer.send.MailRejectedException;
import dev.videopipeline.mailer.send.MailSender;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one notification becomes: a claim on the video's notification, the mail composed and sent,
 * SENT (or FAILED) recorded, and only then the message's deletion. A message that cannot be
 * claimed is a duplicate or stale (deleted), another mailer's (back when its lease ends) or poison
 * (left alone: the redrive policy parks it in the dead-letter queue).
 */
@Singleton
public class NotificationMessages {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationMessages.class);
    /** SQS's longest visibility timeout is 12 h; a backoff never needs that long. */
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

    private final MessageCodec codec;
    private final NotificationClaims claims;
    private final VideoRepository videos;
    private final MailComposer composer;
    private final MailSender sender;
    private final MailMetrics metrics;
    private final MailerSettings settings;
    private final Clock clock;

    public NotificationMessages(MessageCodec codec, NotificationClaims claims, VideoRepository videos,
                                MailComposer composer, MailSender sender, MailMetrics metrics,
                                MailerSettings settings, Clock clock) {
        this.codec = codec;
        this.claims = claims;
        this.videos = videos;
        this.composer = composer;
        this.sender = sender;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
    }

    public void handle(ReceivedMessage message) {
        Optional<PipelineMessage> decoded = message.decode(codec, VideoReady.class, VideoFailed.class);
        if (decoded.isEmpty()) {
            return;
        }
        PipelineMessage notice = decoded.get();
        VideoStatus outcome = notice instanceof VideoReady ? VideoStatus.READY : VideoStatus.FAILED;
        var claimed = claims.claim(notice.videoId(), outcome, settings.lease());
        if (claimed.isPresent()) {
            mail(claimed.get(), message);
        } else {
            handleUnclaimable(notice.videoId(), outcome, message);
        }
    }

    private void mail(Video video, ReceivedMessage message) {
        VideoStatus outcome = video.status();
        long started = System.nanoTime();
        String sesMessageId;
        try {
            sesMessageId = sender.send(video.owner().email(), composer.compose(video), settings.lease().dividedBy(2));
        } catch (MailRejectedException e) {
            metrics.failed(outcome, since(started));
            claims.failed(video, e.getMessage());
            message.delete();
            LOG.atWarn().setMessage("mail refused by SES").addKeyValue("videoId", video.id())
                    .addKeyValue("outcome", outcome).addKeyValue("reason", e.getMessage()).log();
            return;
        } catch (RuntimeException e) {
            metrics.retried(outcome, since(started));
            LOG.atWarn().setMessage("mail not sent; will be retried").addKeyValue("videoId", video.id())
                    .addKeyValue("outcome", outcome).addKeyValue("error", e.toString()).log();
            claims.release(video);
            comeBackIn(message, backoff(message));
            return;
        }
        metrics.sent(outcome, since(started));
        // From here on the mail is out: an error recording it must not release the claim, or a
        // redelivery would mail again at once. The lease and the message's visibility run out instead.
        if (!claims.sent(video, sesMessageId)) {
            LOG.atWarn().setMessage("claim lost while sending; the mail may go twice").addKeyValue("videoId", video.id())
                    .log();
        }
        message.delete();
        LOG.atInfo().setMessage("mail sent").addKeyValue("videoId", video.id()).addKeyValue("outcome", outcome)
                .addKeyValue("sesMessageId", sesMessageId).log();
    }

    /** Nobody may claim it: the mail went already, the outcome changed, another mailer holds it, or no such video. */
    private void handleUnclaimable(String videoId, VideoStatus outcome, ReceivedMessage message) {
        var current = videos.find(videoId);
        if (current.isEmpty()) {
            LOG.atWarn().setMessage("notification for an unknown video; left for the dead-letter queue")
                    .addKeyValue("sqsMessageId", message.id()).addKeyValue("videoId", videoId).log();
            return;
        }
        Video video = current.get();
        Notification notification = video.notification();
        if (video.status() != outcome) {
            LOG.atInfo().setMessage("stale notification dropped").addKeyValue("videoId", videoId)
                    .addKeyValue("outcome", outcome).addKeyValue("status", video.status()).log();
            message.delete();
        } else if (notification != null && notification.isSettled()
                && (notification.outcome() == null || notification.outcome() == outcome)) {
            LOG.atInfo().setMessage("duplicate notification dropped").addKeyValue("videoId", videoId)
                    .addKeyValue("outcome", outcome).log();
            message.delete();
        } else {
            // Another mailer is sending: look again when its lease ends, to find the mail sent or the claim free.
            Instant leaseEnd = notification == null || notification.leaseUntil() == null
                    ? clock.instant() : notification.leaseUntil();
            comeBackIn(message, Duration.between(clock.instant(), leaseEnd).plusSeconds(1));
        }
    }

    /** The retry backoff, doubled with each receive of this message (1, 2, 4... times). */
    private Duration backoff(ReceivedMessage message) {
        int receives = message.receiveCount();
        Duration backoff = settings.retryBackoff().multipliedBy(1L << Math.min(Math.max(receives - 1, 0), 10));
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    /** Makes the message visible again after {@code delay} (at once when it is zero or less). */
    private static void comeBackIn(ReceivedMessage message, Duration delay) {
        message.hideFor(Duration.ofSeconds(Math.max(0, Math.min(delay.toSeconds(), MAX_BACKOFF.toSeconds()))));
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
