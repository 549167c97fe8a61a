package dev.videopipeline.receiver.upload;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.receiver.problem.ApiProblem;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * Takes a video uploaded through the API: takes an upload slot, checks its first bytes, records it
 * UPLOADING, streams it to S3 part by part, then completes it. Any failure on the way removes what was stored (parts,
 * object, item), so a refused or broken upload leaves nothing behind.
 */
@Singleton
public class VideoUploads {

    private static final Logger LOG = LoggerFactory.getLogger(VideoUploads.class);
    private static final int READ_CHUNK = 64 * 1024;
    private static final Duration STILL_UPLOADING_STAMP = Duration.ofMinutes(1);

    private final S3Client s3;
    private final VideoRepository videos;
    private final UploadCompletion completion;
    private final PipelineResources resources;
    private final UploadSettings settings;
    private final UploadMetrics metrics;
    private final UploadSlots slots;
    private final UploadDrain drain;
    private final ExecutorService partSender;
    private final Clock clock;

    public VideoUploads(S3Client s3, VideoRepository videos, UploadCompletion completion, PipelineResources resources,
                        UploadSettings settings, UploadMetrics metrics, UploadSlots slots, UploadDrain drain,
                        @Named(TaskExecutors.BLOCKING) ExecutorService partSender, Clock clock) {
        this.s3 = s3;
        this.videos = videos;
        this.completion = completion;
        this.resources = resources;
        this.settings = settings;
        this.metrics = metrics;
        this.slots = slots;
        this.drain = drain;
        this.partSender = partSender;
        this.clock = clock;
    }

    public Video accept(NewVideo meta, InputStream body) {
        drain.refuseNewUploads();
        slots.acquire();
        try {
            Video video = store(meta, body);
            metrics.accepted("multipart", video.sizeBytes());
            return video;
        } catch (RuntimeException e) {
            metrics.refused("multipart", e);
            throw e;
        } finally {
            slots.release();
        }
    }

    private Video store(NewVideo meta, InputStream body) {
        byte[] head = new byte[ContainerSniffer.HEAD_BYTES];
        int headLength = read(body, head, head.length);
        SourceCheck.requireVideo(head, headLength);
        Video video = Video.uploading(UUID.randomUUID().toString(), meta.ownerEmail(), meta.title(),
                meta.originalFilename(), null, clock.instant());
        videos.create(video);
        var writer = new MultipartObjectWriter(s3, resources.uploadsBucket(), video.sourceKey(),
                settings.partSizeBytes(), settings.maxBytes(), partSender);
        try {
            writer.write(head, 0, headLength);
            byte[] chunk = new byte[READ_CHUNK];
            Instant lastStamp = clock.instant();
            int n;
            while ((n = read(body, chunk, chunk.length)) > 0) {
                drain.checkStillAllowed();
                writer.write(chunk, 0, n);
                if (clock.instant().isAfter(lastStamp.plus(STILL_UPLOADING_STAMP))) {
                    stillUploading(video.id());
                    lastStamp = clock.instant();
                }
            }
            long size = writer.complete();
            LOG.atInfo().setMessage("upload stored").addKeyValue("videoId", video.id())
                    .addKeyValue("sizeBytes", size).log();
            return completion.finish(video.id(), size);
        } catch (RuntimeException e) {
            LOG.atInfo().setMessage("upload discarded").addKeyValue("videoId", video.id())
                    .addKeyValue("reason", e.getMessage()).log();
            Rollback.undo(e, writer::abort,
                    () -> s3.deleteObject(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey())),
                    () -> videos.delete(video.id()));
            throw e;
        }
    }

    /**
     * However slow the client, the sweeper must see an upload in progress, not an abandoned one.
     * A failed stamp is retried a minute later (the sweeper waits hours); a video removed meanwhile
     * ends the upload.
     */
    private void stillUploading(String videoId) {
        boolean stamped;
        try {
            stamped = videos.touch(videoId, VideoStatus.UPLOADING);
        } catch (RuntimeException e) {
            LOG.atWarn().setMessage("upload not stamped").addKeyValue("videoId", videoId)
                    .addKeyValue("error", e.getMessage()).log();
            return;
        }
        if (!stamped) {
            throw ApiProblem.conflict("The video was removed while it was being uploaded.");
        }
    }

    private static int read(InputStream in, byte[] buffer, int length) {
        try {
            return in.readNBytes(buffer, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException("the upload was interrupted", e);
        }
    }
}
