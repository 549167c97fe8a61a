package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.video.Owner;
import dev.videopipeline.common.messaging.MessagePublisher;
import dev.videopipeline.common.messaging.VideoUploaded;
import dev.videopipeline.common.video.CheckedSource;
import dev.videopipeline.common.video.Container;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoChange;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Instant;
import java.util.UUID;

/**
 * What the receiver leaves for the encoder: a source in the uploads bucket and an UPLOADED item
 * recording what was checked of it (an MP4, and the stored object's ETag).
 */
@Singleton
class UploadedVideos {

    private final VideoRepository videos;
    private final S3Client s3;
    private final MessagePublisher publisher;
    private final PipelineResources resources;

    UploadedVideos(VideoRepository videos, S3Client s3, MessagePublisher publisher, PipelineResources resources) {
        this.videos = videos;
        this.s3 = s3;
        this.publisher = publisher;
        this.resources = resources;
    }

    Video store(RequestBody source) {
        return store(source, true);
    }

    /** As a receiver did before it recorded what it checked: no container, no ETag on the item. */
    Video storeUnchecked(RequestBody source) {
        return store(source, false);
    }

    private Video store(RequestBody source, boolean checked) {
        String id = UUID.randomUUID().toString();
        var video = Video.uploading(id, new Owner("ann", "ann@example.com"), "clip", "clip.mov", null, Instant.now());
        videos.create(video);
        String etag = s3.putObject(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()), source).eTag();
        var change = VideoChange.with().sizeBytes(1);
        if (checked) {
            change.source(new CheckedSource(Container.ISO_MP4, etag));
        }
        return videos.transition(id, VideoStatus.UPLOADING, VideoStatus.UPLOADED, change).orElseThrow();
    }

    /** Sends the video's encode request, as the receiver does once the upload is complete. */
    void requestEncode(Video video) {
        publisher.send(resources.encodeQueueUrl(),
                new VideoUploaded(video.id()));
    }
}
