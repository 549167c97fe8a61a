package dev.videopipeline.receiver.recovery;

import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.receiver.upload.UploadCompletion;
import dev.videopipeline.receiver.upload.UploadSettings;
import dev.videopipeline.receiver.videos.VideoRemoval;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Finishes what a crash or a vanished client left half done, so no video stays pending forever:
 * an UPLOADED video whose encode request may never have been sent, or an ENCODING one whose
 * encoder went silent (no heartbeat: killed, or its request ended in the dead-letter queue), gets
 * the request again (the encoder ignores duplicates and fails a video that used up its attempts),
 * and an upload idle longer than its URLs can live is removed. Every receiver sweeps; a
 * conditional stamp lets one of them act on each video per period.
 */
@Singleton
public class StalledVideos {

    private static final Logger LOG = LoggerFactory.getLogger(StalledVideos.class);
    private static final int BATCH = 100;

    private final VideoRepository videos;
    private final UploadCompletion completion;
    private final VideoRemoval removal;
    private final UploadSettings settings;
    private final MeterRegistry metrics;
    private final Clock clock;

    public StalledVideos(VideoRepository videos, UploadCompletion completion, VideoRemoval removal,
                          UploadSettings settings, MeterRegistry metrics, Clock clock) {
        this.videos = videos;
        this.completion = completion;
        this.removal = removal;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${pipeline.sweep.interval:1m}", initialDelay = "${pipeline.sweep.interval:1m}")
    void sweep() {
        try {
            resendLostEncodeRequests();
            removeAbandonedUploads();
        } catch (RuntimeException e) {
            LOG.atWarn().setMessage("sweep failed; next one retries").setCause(e).log();
        }
    }

    private static void failed(String videoId, RuntimeException e) {
        LOG.atWarn().setMessage("stalled upload not handled; next sweep retries").addKeyValue("videoId", videoId)
                .addKeyValue("error", e.getMessage()).log();
    }

    /** @return how many encode requests were sent again */
    public int resendLostEncodeRequests() {
        Instant before = clock.instant().minus(settings.enqueueAgainAfter());
        int sent = 0;
        for (VideoStatus waiting : List.of(VideoStatus.UPLOADED, VideoStatus.ENCODING)) {
            for (String id : videos.pendingSince(waiting, before, BATCH)) {
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
        }
        metrics.counter("pipeline.sweeper.resent").increment(sent);
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
        metrics.counter("pipeline.sweeper.abandoned").increment(removed);
        return removed;
    }
}
