package dev.videopipeline.receiver.upload;

import dev.videopipeline.receiver.intake.Rollback;
import dev.videopipeline.receiver.intake.SourceCheck;
import dev.videopipeline.receiver.intake.NewVideo;
import dev.videopipeline.receiver.intake.UploadSettings;
import dev.videopipeline.receiver.intake.IntakeMetrics;
import dev.videopipeline.receiver.intake.Handover;
import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.video.CheckedSource;
import dev.videopipeline.common.video.Container;
import dev.videopipeline.common.video.ContainerSniffer;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.receiver.problem.ApiProblem;
import dev.videopipeline.receiver.quota.Admission;
import dev.videopipeline.receiver.quota.OwnerQuotas;
import io.micronaut.http.multipart.StreamingFileUpload;
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
import java.util.concurrent.ExecutorService;

/**
 * Takes a video uploaded through the API: takes an upload slot, admits it under the owner's quotas,
 * checks its first bytes, records it UPLOADING, streams it to S3 part by part, then completes it.
 * Any failure on the way removes what was stored (parts, object, item) and gives the admission
 * back, so a refused or broken upload leaves nothing behind.
 */
@Singleton
public class VideoUploads {

    private static final Logger LOG = LoggerFactory.getLogger(VideoUploads.class);
    private static final int READ_CHUNK = 64 * 1024;
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;
    private static final Duration STILL_UPLOADING_STAMP = Duration.ofMinutes(1);

    private final S3Client s3;
    private final VideoRepository videos;
    private final Handover completion;
    private final PipelineResources resources;
    private final UploadSettings settings;
    private final IntakeMetrics metrics;
    private final UploadSlots slots;
    private final UploadDrain drain;
    private final OwnerQuotas quotas;
    private final ExecutorService partSender;
    private final Clock clock;

    public VideoUploads(S3Client s3, VideoRepository videos, Handover completion, PipelineResources resources,
                        UploadSettings settings, IntakeMetrics metrics, UploadSlots slots, UploadDrain drain,
                        OwnerQuotas quotas, @Named(TaskExecutors.BLOCKING) ExecutorService partSender, Clock clock) {
        this.s3 = s3;
        this.videos = videos;
        this.completion = completion;
        this.resources = resources;
        this.settings = settings;
        this.metrics = metrics;
        this.slots = slots;
        this.drain = drain;
        this.quotas = quotas;
        this.partSender = partSender;
        this.clock = clock;
    }

    /**
     * @param contentLength the request's length, or -1: the upload reserves this much of the owner's
     *                      daily allowance (the most a file may have, when the client did not say)
     *                      and gets back what it did not store
     */
    public Video accept(NewVideo meta, long contentLength, StreamingFileUpload file) {
        Admission admission;
        try {
            admission = letIn(meta.owner().id(), meta.id(), contentLength);
        } catch (RuntimeException refused) {
            metrics.refused("multipart", refused);
            // At the least rate too: a refused client must not hold this thread by dripping what it reads.
            try (InputStream body = new MinimumRate(PrefetchedBody.of(file), settings.minBytesPerSecond(),
                    settings.rateWindow(), System::nanoTime)) {
                drainBeforeAnswering(body, refused);
            } catch (IOException | RuntimeException e) {
                refused.addSuppressed(e);
            }
            throw refused;
        }
        try (InputStream body = new MinimumRate(PrefetchedBody.of(file), settings.minBytesPerSecond(),
                settings.rateWindow(), System::nanoTime)) {
            Video video = store(meta, body, admission);
            quotas.settle(admission, video.sizeBytes());
            metrics.accepted("multipart", video.sizeBytes());
            return video;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            metrics.refused("multipart", e);
            throw e;
        } finally {
            slots.release(meta.owner().id());
        }
    }

    /**
     * Reads and drops the rest of a refused upload before answering, up to {@link #DRAIN_LIMIT}: a
     * client that sends its whole body before reading would otherwise wait for the answer until a
     * timeout, and its connection could carry no other request. A longer body is left unread, as past
     * the size limit: reading it would let refused clients stream without any bound.
     */
    private static void drainBeforeAnswering(InputStream body, RuntimeException refused) {
        try {
            long left = DRAIN_LIMIT;
            byte[] buffer = new byte[READ_CHUNK];
            int n;
            while (left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            refused.addSuppressed(e);
        }
    }

    /** Takes an upload slot and admits the video under the owner's quotas, or refuses it with nothing held. */
    private Admission letIn(String owner, String videoId, long contentLength) {
        drain.refuseNewUploads();
        slots.acquire(owner);
        try {
            return quotas.admit(owner, videoId,
                    contentLength >= 0 ? Math.min(contentLength, settings.maxBytes()) : settings.maxBytes(),
                    clock.instant());
        } catch (RuntimeException e) {
            slots.release(owner);
            throw e;
        }
    }

    private Video store(NewVideo meta, InputStream body, Admission admission) {
        Video video = meta.uploading(null, clock.instant());
        var writer = new MultipartObjectWriter(s3, resources.uploadsBucket(), video.sourceKey(),
                settings.partSizeBytes(), settings.partsInFlight(), settings.maxBytes(), partSender);
        try {
            byte[] head = new byte[ContainerSniffer.HEAD_BYTES];
            int headLength = read(body, head, head.length);
            try {
                SourceCheck.requireVideo(head, headLength, -1);
            } catch (ApiProblem notAVideo) {
                drainBeforeAnswering(body, notAVideo);
                throw notAVideo;
            }
            videos.create(video);
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
            String etag = writer.complete();
            long size = writer.size();
            // Now that the file's size is known, its boxes must also fit in it.
            Container container = SourceCheck.requireVideo(head, headLength, size);
            LOG.atInfo().setMessage("upload stored").addKeyValue("videoId", video.id())
                    .addKeyValue("sizeBytes", size).addKeyValue("container", container).log();
            return completion.finish(video.id(), size, new CheckedSource(container, etag));
        } catch (RuntimeException e) {
            LOG.atInfo().setMessage("upload discarded").addKeyValue("videoId", video.id())
                    .addKeyValue("reason", e.getMessage()).log();
            // Each step is harmless when its part was never stored.
            Rollback.undo(e, writer::abort,
                    () -> s3.deleteObject(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey())),
                    () -> videos.delete(video.id()),
                    () -> quotas.giveBack(admission));
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
