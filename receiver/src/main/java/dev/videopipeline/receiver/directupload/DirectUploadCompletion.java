package dev.videopipeline.receiver.directupload;

import dev.videopipeline.common.video.CheckedSource;
import dev.videopipeline.common.video.Container;
import dev.videopipeline.common.video.Owner;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.receiver.catalog.OwnedVideos;
import dev.videopipeline.receiver.intake.Handover;
import dev.videopipeline.receiver.intake.IntakeMetrics;
import dev.videopipeline.receiver.intake.Rollback;
import dev.videopipeline.receiver.intake.SourceCheck;
import dev.videopipeline.receiver.intake.UploadSettings;
import dev.videopipeline.receiver.problem.ApiProblem;
import dev.videopipeline.receiver.quota.Admission;
import dev.videopipeline.receiver.quota.OwnerQuotas;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.time.Clock;

/**
 * {@code complete}: nothing a client PUT is trusted until here, where the stored object is checked
 * (every part, the declared size, the first bytes) as the streaming path checks its bytes, and
 * removed with the item when it is refused. A repeated call is harmless.
 */
@Singleton
class DirectUploadCompletion {

    private final StoredSource stored;
    private final VideoRepository videos;
    private final OwnedVideos owned;
    private final Handover handover;
    private final OwnerQuotas quotas;
    private final IntakeMetrics metrics;
    private final UploadSettings settings;
    private final Clock clock;

    DirectUploadCompletion(StoredSource stored, VideoRepository videos, OwnedVideos owned, Handover handover,
                           OwnerQuotas quotas, IntakeMetrics metrics, UploadSettings settings, Clock clock) {
        this.stored = stored;
        this.videos = videos;
        this.owned = owned;
        this.handover = handover;
        this.quotas = quotas;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
    }

    Video complete(String videoId, Owner owner) {
        Video video = owned.find(videoId, owner);
        return switch (video.status()) {
            case UPLOADING -> verifyAndFinish(video);
            case UPLOADED -> enqueueAgainIfStale(video);
            case ENCODING, READY, FAILED -> video;
        };
    }

    private Video verifyAndFinish(Video video) {
        if (video.sizeBytes() == null) {
            // Only direct uploads declare their size up front; this one is streaming through POST /videos.
            throw ApiProblem.conflict("This video is being uploaded through POST /videos; it completes by itself.");
        }
        if (!videos.touch(video.id(), VideoStatus.UPLOADING)) {
            // Completed by a concurrent call, or removed as abandoned: answer as the item now is.
            return videos.find(video.id()).orElseThrow(() -> ApiProblem.notFound(video.id()));
        }
        long declared = video.sizeBytes();
        stored.join(video);
        HeadObjectResponse object = stored.head(video);
        long size = object.contentLength();
        byte[] head = size == declared ? stored.firstBytes(video, object.eTag()) : new byte[0];
        Container container;
        try {
            if (size != declared) {
                throw ApiProblem.badRequest("The stored file has " + size + " bytes, not the " + declared
                        + " declared.");
            }
            container = SourceCheck.requireVideo(head, head.length, size);
        } catch (ApiProblem refused) {
            metrics.refused("direct", refused);
            Rollback.undo(refused, () -> stored.delete(video), () -> {
                // Of two completes refusing the same file, only the one that removes it gives back.
                if (videos.deleteIf(video.id(), VideoStatus.UPLOADING)) {
                    quotas.giveBack(Admission.of(video));
                }
            });
            throw refused;
        }
        Video done = handover.finish(video.id(), size, new CheckedSource(container, object.eTag()));
        metrics.accepted("direct", size);
        return done;
    }

    /**
     * The item says the bytes are in, but the encode request may never have gone out (a crash
     * between the two). Once the item has been UPLOADED for a while, a repeated complete sends it
     * again, stamping it as the sweeper does, so at most once a period; the encoder ignores
     * duplicates. Sooner, a repeat changes nothing.
     */
    private Video enqueueAgainIfStale(Video video) {
        if (videos.touchIfIdle(video.id(), VideoStatus.UPLOADED, clock.instant().minus(settings.enqueueAgainAfter()))) {
            return handover.enqueue(video);
        }
        return video;
    }
}
