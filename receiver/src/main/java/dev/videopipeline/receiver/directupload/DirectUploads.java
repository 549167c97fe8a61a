package dev.videopipeline.receiver.directupload;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.video.CheckedSource;
import dev.videopipeline.common.video.Container;
import dev.videopipeline.common.video.Owner;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.receiver.problem.ApiProblem;
import dev.videopipeline.receiver.quota.Admission;
import dev.videopipeline.receiver.quota.OwnerQuotas;
import dev.videopipeline.common.video.ContainerSniffer;
import dev.videopipeline.receiver.intake.NewVideo;
import dev.videopipeline.receiver.intake.OpenUploads;
import dev.videopipeline.receiver.intake.Rollback;
import dev.videopipeline.receiver.intake.SourceCheck;
import dev.videopipeline.receiver.intake.Handover;
import dev.videopipeline.receiver.intake.IntakeMetrics;
import dev.videopipeline.receiver.intake.UploadSettings;
import dev.videopipeline.receiver.catalog.OwnedVideos;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Uploads that bypass the receiver: the client PUTs to presigned S3 URLs, then calls complete.
 * Nothing is trusted until complete, which checks the stored object (every part, the declared size,
 * the first bytes) as the streaming path does, and removes it and the item when it is refused. The
 * declared size counts against the owner's daily allowance from the start; it comes back only if
 * the stored file is refused (an abandoned upload keeps it for the day).
 */
@Singleton
public class DirectUploads {

    private static final int MAX_PARTS = 10_000;
    private static final Duration MIN_URL_LIFETIME = Duration.ofMinutes(15);

    private final S3Client s3;
    private final S3Presigner presigner;
    private final VideoRepository videos;
    private final OwnedVideos owned;
    private final Handover completion;
    private final OpenUploads openUploads;
    private final PipelineResources resources;
    private final UploadSettings settings;
    private final IntakeMetrics metrics;
    private final OwnerQuotas quotas;
    private final Clock clock;

    public DirectUploads(S3Client s3, S3Presigner presigner, VideoRepository videos, OwnedVideos owned,
                         Handover completion, OpenUploads openUploads, PipelineResources resources, UploadSettings settings,
                         IntakeMetrics metrics, OwnerQuotas quotas, Clock clock) {
        this.s3 = s3;
        this.presigner = presigner;
        this.videos = videos;
        this.owned = owned;
        this.completion = completion;
        this.openUploads = openUploads;
        this.resources = resources;
        this.settings = settings;
        this.metrics = metrics;
        this.quotas = quotas;
        this.clock = clock;
    }

    public DirectUploadTicket start(DirectUploadRequest request, Owner owner) {
        SourceCheck.requireWithinLimit(request.size(), settings.maxBytes());
        var meta = NewVideo.of(owner, request.title(), request.filename());
        Video video = meta.uploading(request.size(), clock.instant());
        Admission admission = quotas.admit(video.owner().id(), video.id(), request.size(), video.createdAt());
        try {
            videos.create(video);
            Duration lifetime = urlLifetime(request.size());
            Instant expiresAt = clock.instant().plus(lifetime);
            var upload = request.size() <= settings.directMultipartThreshold()
                    ? singlePut(video, request.size(), lifetime, expiresAt)
                    : multipart(video, request.size(), lifetime, expiresAt);
            return new DirectUploadTicket(video.id(), upload);
        } catch (RuntimeException e) {
            Rollback.undo(e, () -> openUploads.abortAll(video.id()), () -> videos.delete(video.id()),
                    () -> quotas.giveBack(admission));
            throw e;
        }
    }

    /** Verifies the stored object and enqueues it; a repeated call is harmless. */
    public Video complete(String videoId, Owner owner) {
        Video video = owned.find(videoId, owner);
        return switch (video.status()) {
            case UPLOADING -> verifyAndFinish(video);
            case UPLOADED -> enqueueAgainIfStale(video);
            case ENCODING, READY, FAILED -> video;
        };
    }

    /**
     * As long as the file takes at the least rate accepted for an upload, between 15 minutes and
     * {@code presign-expiry}: a URL that leaks is good for little longer than the upload needs.
     * Every part's URL lives as long as the whole upload may take, since they are all handed out now.
     */
    private Duration urlLifetime(long size) {
        Duration needed = Duration.ofSeconds(size / settings.minBytesPerSecond());
        return Collections.min(List.of(settings.presignExpiry(), Collections.max(List.of(MIN_URL_LIFETIME, needed))));
    }

    private DirectUploadTicket.Upload singlePut(Video video, long size, Duration lifetime, Instant expiresAt) {
        var url = presigner.presignPutObject(p -> p.signatureDuration(lifetime)
                .putObjectRequest(o -> o.bucket(resources.uploadsBucket()).key(video.sourceKey()).contentLength(size)))
                .url().toString();
        return new DirectUploadTicket.Upload("PUT", url, List.of(), null, expiresAt);
    }

    private DirectUploadTicket.Upload multipart(Video video, long size, Duration lifetime, Instant expiresAt) {
        long partSize = partSize(size);
        int partCount = (int) ((size + partSize - 1) / partSize);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()))
                .uploadId();
        // Each URL signs its part's length: S3 refuses a part larger (or smaller) than the size declared.
        var parts = IntStream.rangeClosed(1, partCount).mapToObj(n -> new DirectUploadTicket.Part(n,
                presigner.presignUploadPart(p -> p.signatureDuration(lifetime)
                        .uploadPartRequest(u -> u.bucket(resources.uploadsBucket()).key(video.sourceKey())
                                .uploadId(uploadId).partNumber(n)
                                .contentLength(Math.min(partSize, size - (n - 1) * partSize)))).url().toString())).toList();
        return new DirectUploadTicket.Upload("PUT", null, parts, partSize, expiresAt);
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
        completeOpenMultipartUpload(video);
        HeadObjectResponse stored = storedObject(video);
        long size = stored.contentLength();
        byte[] head = size == declared ? firstBytes(video, stored.eTag()) : new byte[0];
        Container container;
        try {
            if (size != declared) {
                throw ApiProblem.badRequest("The stored file has " + size + " bytes, not the " + declared
                        + " declared.");
            }
            container = SourceCheck.requireVideo(head, head.length, size);
        } catch (ApiProblem refused) {
            metrics.refused("direct", refused);
            Rollback.undo(refused,
                    () -> s3.deleteObject(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey())),
                    () -> {
                        // Of two completes refusing the same file, only the one that removes it gives back.
                        if (videos.deleteIf(video.id(), VideoStatus.UPLOADING)) {
                            quotas.giveBack(Admission.of(video));
                        }
                    });
            throw refused;
        }
        Video done = completion.finish(video.id(), size, new CheckedSource(container, stored.eTag()));
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
            return completion.enqueue(video);
        }
        return video;
    }

    /**
     * S3 joins the parts only when told, with their ETags, which we list rather than ask the client
     * for. Every part must be there, numbered 1..n without a gap and adding up to the declared size;
     * otherwise the upload stays open for the client to finish.
     */
    private void completeOpenMultipartUpload(Video video) {
        String bucket = resources.uploadsBucket();
        String key = video.sourceKey();
        long declared = video.sizeBytes();
        for (var upload : openUploads.of(video.id())) {
            var parts = s3.listPartsPaginator(b -> b.bucket(bucket).key(key).uploadId(upload.uploadId()))
                    .parts().stream().toList();
            long bytes = parts.stream().mapToLong(p -> p.size()).sum();
            boolean contiguous = IntStream.range(0, parts.size()).allMatch(i -> parts.get(i).partNumber() == i + 1);
            if (parts.isEmpty() || !contiguous || bytes != declared) {
                throw ApiProblem.conflict("The upload is not finished: " + parts.size() + " parts, " + bytes + " of "
                        + declared + " bytes are stored. Upload every part, then complete again.");
            }
            try {
                s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload.uploadId())
                        .multipartUpload(m -> m.parts(parts.stream().map(p -> CompletedPart.builder()
                                .partNumber(p.partNumber()).eTag(p.eTag()).build()).toList())));
            } catch (NoSuchUploadException completedByAConcurrentCall) {
                // the object is there all the same; the transition decides who enqueues it
            }
        }
    }

    private long partSize(long size) {
        return Math.max(settings.directPartSizeBytes(), (size + MAX_PARTS - 1) / MAX_PARTS);
    }

    /**
     * The first bytes of exactly the object whose size was checked: a PUT to the still valid URL in
     * between fails the read, and the client may complete again.
     */
    private byte[] firstBytes(Video video, String etag) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()).ifMatch(etag)
                    .range("bytes=0-" + (ContainerSniffer.HEAD_BYTES - 1))).asByteArray();
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw ApiProblem.conflict("The file changed while it was being checked: complete again.");
            }
            throw e;
        }
    }

    private HeadObjectResponse storedObject(Video video) {
        try {
            return s3.headObject(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw ApiProblem.conflict("The file has not been uploaded yet: PUT it to the upload URL first.");
            }
            throw e;
        }
    }
}
