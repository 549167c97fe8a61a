package dev.videopipeline.receiver.upload;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.messaging.MessagePublisher;
import dev.videopipeline.common.messaging.VideoUploaded;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoChange;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last two steps of every upload, in this order: the item becomes UPLOADED, then the encode
 * request is sent. A crash between them leaves an UPLOADED item and no message, never a message
 * without its bytes; {@link #enqueue} sends it again, and the encoder ignores duplicates.
 */
@Singleton
public class UploadCompletion {

    private static final Logger LOG = LoggerFactory.getLogger(UploadCompletion.class);

    private final VideoRepository videos;
    private final MessagePublisher publisher;
    private final PipelineResources resources;

    public UploadCompletion(VideoRepository videos, MessagePublisher publisher, PipelineResources resources) {
        this.videos = videos;
        this.publisher = publisher;
        this.resources = resources;
    }

    /**
     * Marks the stored video UPLOADED and enqueues it.
     *
     * @return the video; if another request completed it first, as that request left it
     */
    public Video finish(String videoId, long sizeBytes) {
        return videos.transition(videoId, VideoStatus.UPLOADING, VideoStatus.UPLOADED,
                        VideoChange.with().sizeBytes(sizeBytes))
                .map(this::enqueue)
                .or(() -> videos.find(videoId))
                .orElseThrow(() -> new IllegalStateException("video " + videoId + " vanished while completing"));
    }

    /** Sends the encode request of an UPLOADED video. */
    public Video enqueue(Video video) {
        String messageId = publisher.send(resources.encodeQueueUrl(),
                new VideoUploaded(video.id(), resources.uploadsBucket(), video.sourceKey()));
        LOG.atInfo().setMessage("encode requested").addKeyValue("videoId", video.id())
                .addKeyValue("sizeBytes", video.sizeBytes()).addKeyValue("sqsMessageId", messageId).log();
        return video;
    }
}
