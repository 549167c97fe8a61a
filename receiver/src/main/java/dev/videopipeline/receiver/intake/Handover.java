package dev.videopipeline.receiver.intake;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.messaging.MessagePublisher;
import dev.videopipeline.common.messaging.VideoUploaded;
import dev.videopipeline.common.video.CheckedSource;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoChange;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.receiver.problem.ApiProblem;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The last two steps of every upload, in this order: the item becomes UPLOADED, then the encode
 * request is sent. From UPLOADED on the upload is accepted: should the send fail or a crash come
 * between the two, the item is left UPLOADED and {@code StalledVideos} sends the request later
 * (the encoder ignores duplicates). Never a message without its bytes, never bytes without a
 * message for long.
 */
@Singleton
public class Handover {

    private static final Logger LOG = LoggerFactory.getLogger(Handover.class);

    private final VideoRepository videos;
    private final MessagePublisher publisher;
    private final PipelineResources resources;

    public Handover(VideoRepository videos, MessagePublisher publisher, PipelineResources resources) {
        this.videos = videos;
        this.publisher = publisher;
        this.resources = resources;
    }

    /**
     * Marks the stored video UPLOADED, recording what was checked of its file, and enqueues it.
     *
     * @return the video; if another request completed it first, as that request left it
     */
    public Video finish(String videoId, long sizeBytes, CheckedSource source) {
        return videos.transition(videoId, VideoStatus.UPLOADING, VideoStatus.UPLOADED,
                        VideoChange.with().sizeBytes(sizeBytes).source(source))
                .map(this::enqueueOrLeaveToTheSweeper)
                .or(() -> videos.find(videoId))
                .orElseThrow(() -> ApiProblem.notFound(videoId));
    }

    /** Enqueues an UPLOADED video; when SQS fails, the sweeper will (the video stays UPLOADED). */
    public Video enqueueOrLeaveToTheSweeper(Video video) {
        try {
            return enqueue(video);
        } catch (SdkException e) {
            LOG.atWarn().setMessage("encode request not sent; the sweeper will send it")
                    .addKeyValue("videoId", video.id()).addKeyValue("error", e.getMessage()).log();
            return video;
        }
    }

    /** Sends the encode request of an UPLOADED video (or again, of one whose encoder went silent). */
    public Video enqueue(Video video) {
        String messageId = publisher.send(resources.encodeQueueUrl(),
                new VideoUploaded(video.id()));
        LOG.atInfo().setMessage("encode requested").addKeyValue("videoId", video.id())
                .addKeyValue("sizeBytes", video.sizeBytes()).addKeyValue("sqsMessageId", messageId).log();
        return video;
    }
}
