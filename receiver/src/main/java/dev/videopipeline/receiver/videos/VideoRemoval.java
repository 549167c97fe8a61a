package dev.videopipeline.receiver.videos;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.storage.ObjectKeys;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Deletes a video: its objects first, the item last, so a crash half way leaves an item that a
 * retried DELETE finishes. Open multipart uploads of the source are aborted too.
 */
@Singleton
public class VideoRemoval {

    private static final Logger LOG = LoggerFactory.getLogger(VideoRemoval.class);

    private final S3Client s3;
    private final VideoRepository videos;
    private final PipelineResources resources;

    public VideoRemoval(S3Client s3, VideoRepository videos, PipelineResources resources) {
        this.s3 = s3;
        this.videos = videos;
        this.resources = resources;
    }

    public void remove(Video video) {
        removeObjects(video.id());
        videos.delete(video.id());
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
        String source = ObjectKeys.source(videoId);
        s3.listMultipartUploadsPaginator(b -> b.bucket(resources.uploadsBucket()).prefix(source))
                .uploads().forEach(u -> s3.abortMultipartUpload(b -> b.bucket(resources.uploadsBucket())
                        .key(u.key()).uploadId(u.uploadId())));
        deletePrefix(resources.uploadsBucket(), ObjectKeys.uploadPrefix(videoId));
        deletePrefix(resources.mediaBucket(), ObjectKeys.mediaPrefix(videoId));
    }

    private void deletePrefix(String bucket, String prefix) {
        for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))) {
            List<ObjectIdentifier> keys = page.contents().stream()
                    .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
            if (!keys.isEmpty()) {
                s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(keys).quiet(true)));
            }
        }
    }
}
