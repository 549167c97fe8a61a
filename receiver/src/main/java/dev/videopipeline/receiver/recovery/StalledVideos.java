package dev.videopipeline.receiver.recovery;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.receiver.intake.Handover;
import dev.videopipeline.receiver.intake.UploadSettings;
import dev.videopipeline.receiver.catalog.VideoRemoval;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Finishes what a crash or a vanished client left half done, so no video stays pending forever:
 * an UPLOADED video whose encode request was lost (the queue holds fewer requests than there are
 * videos waiting), or an ENCODING one whose encoder went silent (no heartbeat: killed, or its
 * request ended in the dead-letter queue), gets the request again (the encoder ignores duplicates
 * and fails a video that used up its attempts), and an upload idle longer than its URLs can live
 * is removed. Every receiver sweeps; a
 * conditional stamp lets one of them act on each video per period.
 */
@Singleton
public class StalledVideos {

    private static final Logger LOG = LoggerFactory.getLogger(StalledVideos.class);
    private static final int BATCH = 100;

    private final VideoRepository videos;
    private final Handover completion;
    private final VideoRemoval removal;
    private final UploadSettings settings;
    private final SqsClient sqs;
    private final PipelineResources resources;
    private final SweepMetrics metrics;
    private final Clock clock;

    public StalledVideos(VideoRepository videos, Handover completion, VideoRemoval removal,
                          UploadSettings settings, SqsClient sqs, PipelineResources resources, SweepMetrics metrics,
                          Clock clock) {
        this.videos = videos;
        this.completion = completion;
        this.removal = removal;
        this.settings = settings;
        this.sqs = sqs;
        this.resources = resources;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${pipeline.sweep.interval:1m}", initialDelay = "${pipeline.sweep.interval:1m}")
    void sweep() {
        for (Runnable step : List.<Runnable>of(this::resendLostEncodeRequests, this::removeAbandonedUploads)) {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.atWarn().setMessage("sweep failed; next one retries").setCause(e).log();
            }
        }
    }

    private static void failed(String videoId, RuntimeException e) {
        LOG.atWarn().setMessage("stalled upload not handled; next sweep retries").addKeyValue("videoId", videoId)
                .addKeyValue("error", e.getMessage()).log();
    }

    /**
     * Sends again the requests of ENCODING videos without a heartbeat, and of as many of the
     * longest-idle UPLOADED videos as the encode queue lacks requests for.
     *
     * @return how many encode requests were sent again
     */
    public int resendLostEncodeRequests() {
        Instant before = clock.instant().minus(settings.enqueueAgainAfter());
        List<String> idleUploaded = videos.pendingSince(VideoStatus.UPLOADED, before, BATCH);
        // Counted before any send of this sweep, and only when some video might need it.
        long missing = idleUploaded.isEmpty() ? 0 : requestsMissing();
        int sent = resend(VideoStatus.ENCODING, videos.pendingSince(VideoStatus.ENCODING, before, BATCH), before)
                + resend(VideoStatus.UPLOADED, idleUploaded.subList(0, (int) Math.max(0,
                        Math.min(idleUploaded.size(), missing))), before);
        metrics.resent(sent);
        return sent;
    }

    /**
     * Each UPLOADED video's request waits in the encode queue, and each ENCODING one's is held by
     * its encoder, so fewer messages than those videos means some requests were lost. With as many,
     * an UPLOADED video idle for a while is most likely waiting its turn behind a backlog: a copy of
     * its request would only lengthen the queue (every period, for every waiting video, in a long
     * burst). A heuristic: copies in the queue (a repeated complete, a silent encoder's request sent
     * again) can hide a lost request until they are consumed, which delays it, never loses it.
     */
    private long requestsMissing() {
        var counts = sqs.getQueueAttributes(b -> b.queueUrl(resources.encodeQueueUrl()).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        long queued = counts.values().stream().mapToLong(Long::parseLong).sum();
        return videos.countPending(VideoStatus.UPLOADED) + videos.countPending(VideoStatus.ENCODING) - queued;
    }

    /** Sends the requests of {@code ids}, oldest first, of those still {@code waiting} and idle since {@code before}. */
    private int resend(VideoStatus waiting, List<String> ids, Instant before) {
        int sent = 0;
        for (String id : ids) {
            try {
                // Stamped first, by one sweeper only, so the next send waits a whole period.
                if (videos.touchIfIdle(id, waiting, before)) {
                    videos.find(id).ifPresent(completion::enqueue);
                    sent++;
                }
            } catch (RuntimeException e) {
                failed(id, e);
            }
        }
        return sent;
    }

    /** @return how many abandoned uploads were removed */
    public int removeAbandonedUploads() {
        Instant before = clock.instant().minus(settings.abandonAfter());
        int removed = 0;
        for (String id : videos.pendingSince(VideoStatus.UPLOADING, before, BATCH)) {
            try {
                removed += removal.removeAbandoned(id, before) ? 1 : 0;
            } catch (RuntimeException e) {
                failed(id, e);
            }
        }
        metrics.abandoned(removed);
        return removed;
    }
}
