package dev.videopipeline.receiver.quota;

import dev.videopipeline.receiver.problem.ApiProblem;
import dev.videopipeline.receiver.intake.Rollback;
import dev.videopipeline.receiver.intake.UploadSettings;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What each owner may have the pipeline do ({@link QuotaSettings}): so many videos in flight, so
 * many bytes uploaded and seconds of video encoded a day. A new or retried video is admitted before anything of it is stored,
 * and an upload that keeps nothing gives its admission back. Refusals are 429 with Retry-After,
 * counted by the limit that refused.
 */
@Singleton
public class OwnerQuotas {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerQuotas.class);

    private final VideosInFlight inFlight;
    private final DailyUploadBytes dailyBytes;
    private final DailySourceAllowance dailySeconds;
    private final QuotaMetrics metrics;

    OwnerQuotas(VideosInFlight inFlight, DailyUploadBytes dailyBytes, DailySourceAllowance dailySeconds,
                QuotaMetrics metrics, QuotaSettings settings, UploadSettings uploads) {
        settings.requireRoomFor(uploads.maxBytes());
        this.inFlight = inFlight;
        this.dailyBytes = dailyBytes;
        this.dailySeconds = dailySeconds;
        this.metrics = metrics;
    }

    /**
     * Lets in a new upload of at most {@code bytes}, counted on the UTC day of {@code at} (the
     * video's creation: a refund finds the day again from it).
     *
     * @throws ApiProblem 429 when a limit refuses it; nothing is counted then
     */
    public Admission admit(String owner, String videoId, long bytes, Instant at) {
        requireSecondsLeft(owner, videoId);
        addInFlight(owner, videoId);
        try {
            LocalDate day = dailyBytes.reserve(owner, bytes, at);
            return new Admission(owner, videoId, day, bytes);
        } catch (RuntimeException e) {
            if (e instanceof ApiProblem refused) {
                refused(videoId, "bytes-per-day", refused);
            }
            Rollback.undo(e, () -> inFlight.remove(owner, videoId));
            throw e;
        }
    }

    /** Lets a failed video start over: it is in flight again; its bytes were counted when it was uploaded. */
    public void admitRetry(String owner, String videoId) {
        requireSecondsLeft(owner, videoId);
        addInFlight(owner, videoId);
    }

    /** The upload is stored with {@code storedBytes}: what it reserved beyond that comes back. */
    public void settle(Admission admission, long storedBytes) {
        try {
            dailyBytes.giveBack(admission.owner(), admission.day(), admission.bytes() - storedBytes);
        } catch (RuntimeException e) {
            // The upload is stored either way; the owner is charged a little more today.
            LOG.atWarn().setMessage("unused upload allowance not given back").addKeyValue("videoId", admission.videoId())
                    .addKeyValue("error", e.getMessage()).log();
        }
    }

    /** The owner deleted the video: it stops counting at once (its bytes were used all the same). */
    public void leave(String owner, String videoId) {
        try {
            inFlight.remove(owner, videoId);
        } catch (RuntimeException e) {
            // The entry outlives its item; the next full count drops it (VideosInFlight).
            LOG.atWarn().setMessage("deleted video still counted in flight").addKeyValue("videoId", videoId)
                    .addKeyValue("error", e.getMessage()).log();
        }
    }

    /** Nothing of the upload was kept: it leaves the videos in flight and its bytes come back. */
    public void giveBack(Admission admission) {
        try {
            inFlight.remove(admission.owner(), admission.videoId());
        } finally {
            dailyBytes.giveBack(admission.owner(), admission.day(), admission.bytes());
        }
    }

    private void requireSecondsLeft(String owner, String videoId) {
        try {
            dailySeconds.requireSomeLeft(owner);
        } catch (ApiProblem refused) {
            refused(videoId, "source-seconds-per-day", refused);
            throw refused;
        }
    }

    private void addInFlight(String owner, String videoId) {
        try {
            inFlight.add(owner, videoId);
        } catch (ApiProblem refused) {
            refused(videoId, "videos-in-flight", refused);
            throw refused;
        }
    }

    private void refused(String videoId, String limit, ApiProblem problem) {
        metrics.refused(limit);
        LOG.atInfo().setMessage("quota refused").addKeyValue("videoId", videoId).addKeyValue("limit", limit)
                .addKeyValue("status", problem.status().getCode()).log();
    }
}
