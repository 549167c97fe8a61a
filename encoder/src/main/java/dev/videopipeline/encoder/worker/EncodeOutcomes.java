package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.messaging.MessagePublisher;
import dev.videopipeline.common.messaging.PipelineMessage;
import dev.videopipeline.common.messaging.ReceivedMessage;
import dev.videopipeline.common.messaging.VideoFailed;
import dev.videopipeline.common.messaging.VideoReady;
import dev.videopipeline.common.video.EncodingClaims;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoChange;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * How an encode ends: the outcome written through the claim, the owner's notification sent, and
 * only then the request deleted; a claim lost meanwhile leaves both to the encoder that took over.
 */
@Singleton
class EncodeOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(EncodeOutcomes.class);

    private final EncodingClaims claims;
    private final VideoRepository videos;
    private final MediaPublisher media;
    private final MessagePublisher publisher;
    private final PipelineResources resources;
    private final ChunkParts chunkParts;

    EncodeOutcomes(EncodingClaims claims, VideoRepository videos, MediaPublisher media, MessagePublisher publisher,
                   PipelineResources resources, ChunkParts chunkParts) {
        this.chunkParts = chunkParts;
        this.claims = claims;
        this.videos = videos;
        this.media = media;
        this.publisher = publisher;
        this.resources = resources;
    }

    void finish(Video video, VideoStatus outcome, VideoChange change, ReceivedMessage message) {
        if (claims.finish(video, outcome, change.forgetChunks()).isEmpty()) {
            if (videos.find(video.id()).isEmpty()) {
                // Deleted while it was encoded: what this job published must not outlive it.
                media.unpublish(video.id());
                chunkParts.removeAll(video.id());
                message.delete();
                LOG.atInfo().setMessage("video deleted during its encode; outputs removed")
                        .addKeyValue("videoId", video.id()).log();
                return;
            }
            // Our lease ran out and another worker took the video over: its copy of the message is its own.
            LOG.atWarn().setMessage("claim lost before the outcome").addKeyValue("videoId", video.id()).log();
            return;
        }
        chunkParts.removeAll(video.id());
        try {
            notifyOutcome(video.id(), outcome);
        } catch (SdkException e) {
            // The outcome is recorded; the request comes back after its visibility timeout and, finding
            // the video done, sends the notification then (EncodeRequests, on a video it cannot claim).
            LOG.atWarn().setMessage("encode finished; notification not sent yet").addKeyValue("videoId", video.id())
                    .addKeyValue("status", outcome).addKeyValue("error", e.getMessage()).log();
            return;
        }
        message.delete();
        LOG.atInfo().setMessage("encode finished").addKeyValue("videoId", video.id())
                .addKeyValue("status", outcome).log();
    }

    /** Fails a video whose job may have ended while publishing: a failed video keeps no media. */
    void failPublished(Video video, String reason, ReceivedMessage message) {
        media.unpublish(video.id());
        finish(video, VideoStatus.FAILED, VideoChange.with().failureReason(reason), message);
    }

    /**
     * The last attempt failed too: the video fails with a reason its owner can act on. The message
     * is left to move on to the dead-letter queue, where the alarm shows it to an operator.
     */
    void giveUp(Video video, String reason, ReceivedMessage message, RuntimeException cause) {
        LOG.atError().setMessage("encode failed on its last attempt").addKeyValue("videoId", video.id())
                .addKeyValue("receiveCount", message.receiveCount()).setCause(cause).log();
        if (claims.finish(video, VideoStatus.FAILED, VideoChange.with().failureReason(reason).forgetChunks()).isPresent()) {
            chunkParts.removeAll(video.id());
            notifyOutcome(video.id(), VideoStatus.FAILED);
        }
        message.makeVisible();
    }

    void notifyOutcome(String videoId, VideoStatus outcome) {
        PipelineMessage notification = outcome == VideoStatus.READY ? new VideoReady(videoId) : new VideoFailed(videoId);
        publisher.send(resources.notifyQueueUrl(), notification);
    }
}
