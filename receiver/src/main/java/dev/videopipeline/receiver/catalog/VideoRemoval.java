package dev.videopipeline.receiver.catalog;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.storage.BucketPrefix;
import dev.videopipeline.common.storage.ObjectKeys;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.receiver.intake.OpenUploads;
import dev.videopipeline.receiver.quota.OwnerQuotas;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Instant;
import java.util.Optional;

/**
 * Deletes a video: its objects first, then its media at the CDN's edge (where there is one), the
 * item last, so a crash or failure half way leaves an item that a retried DELETE finishes. Open
 * multipart uploads of the source are aborted too.
 */
@Singleton
public class VideoRemoval {

    private static final Logger LOG = LoggerFactory.getLogger(VideoRemoval.class);

    private final S3Client s3;
    private final VideoRepository videos;
    private final PipelineResources resources;
    private final OpenUploads openUploads;
    private final OwnerQuotas quotas;
    private final Optional<EdgeInvalidation> edge;

    public VideoRemoval(S3Client s3, VideoRepository videos, PipelineResources resources, OpenUploads openUploads,
                        OwnerQuotas quotas,
                        Optional<EdgeInvalidation> edge) {
        this.s3 = s3;
        this.videos = videos;
        this.resources = resources;
        this.openUploads = openUploads;
        this.quotas = quotas;
        this.edge = edge;
    }

    public void remove(Video video) {
        removeObjects(video.id());
        edge.ifPresent(cdn -> cdn.invalidate(video.id()));
        videos.delete(video.id());
        quotas.leave(video.owner().id(), video.id());
        // An encoder may have published between the first sweep and the delete; one that publishes
        // later finds the item gone and removes its outputs itself (EncodeOutcomes).
        BucketPrefix.deleteAll(s3, resources.mediaBucket(), ObjectKeys.mediaPrefix(video.id()));
        LOG.atInfo().setMessage("video deleted").addKeyValue("videoId", video.id()).log();
    }

    /**
     * Removes an upload nobody finished: the item goes first, and only if it is still UPLOADING
     * and idle since {@code idleSince}, so a client completing at that very moment wins.
     *
     * @return whether it was removed
     */
    public boolean removeAbandoned(String videoId, Instant idleSince) {
        if (!videos.deleteIfStale(videoId, VideoStatus.UPLOADING, idleSince)) {
            return false;
        }
        removeObjects(videoId);
        LOG.atInfo().setMessage("abandoned upload removed").addKeyValue("videoId", videoId).log();
        return true;
    }

    private void removeObjects(String videoId) {
        openUploads.abortAll(videoId);
        BucketPrefix.deleteAll(s3, resources.uploadsBucket(), ObjectKeys.uploadPrefix(videoId));
        BucketPrefix.deleteAll(s3, resources.mediaBucket(), ObjectKeys.mediaPrefix(videoId));
    }
}
