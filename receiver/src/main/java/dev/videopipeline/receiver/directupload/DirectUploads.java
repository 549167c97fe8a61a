package dev.videopipeline.receiver.directupload;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.receiver.problem.ApiProblem;
import dev.videopipeline.receiver.upload.ContainerSniffer;
import dev.videopipeline.receiver.upload.NewVideo;
import dev.videopipeline.receiver.upload.UploadCompletion;
import dev.videopipeline.receiver.upload.UploadMetrics;
import dev.videopipeline.receiver.upload.UploadSettings;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Uploads that bypass the receiver: the client PUTs to presigned S3 URLs, then calls complete.
 * Nothing is trusted until complete, which checks the stored object (size, first bytes) exactly as
 * the streaming path does, and removes it and the item when it is refused.
 */
@Singleton
public class DirectUploads {

    private static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final VideoRepository videos;
    private final UploadCompletion completion;
    private final PipelineResources resources;
    private final UploadSettings settings;
    private final UploadMetrics metrics;
    private final Clock clock;

    public DirectUploads(S3Client s3, S3Presigner presigner, VideoRepository videos, UploadCompletion completion,
                         PipelineResources resources, UploadSettings settings, UploadMetrics metrics, Clock clock) {
        this.s3 = s3;
        this.presigner = presigner;
        this.videos = videos;
        this.completion = completion;
        this.resources = resources;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    public DirectUploadTicket start(DirectUploadRequest request) {
        if (request.size() > settings.maxBytes()) {
            throw ApiProblem.tooLarge(settings.maxBytes());
        }
        var meta = NewVideo.of(request.email(), request.title(), request.filename());
        Video video = Video.uploading(UUID.randomUUID().toString(), meta.ownerEmail(), meta.title(),
                meta.originalFilename(), request.size(), clock.instant());
        videos.create(video);
        Instant expiresAt = clock.instant().plus(settings.presignExpiry());
        var upload = request.size() <= settings.directMultipartThreshold()
                ? singlePut(video, request.size(), expiresAt)
                : multipart(video, request.size(), expiresAt);
        return new DirectUploadTicket(video.id(), upload);
    }

    /** Verifies the stored object and enqueues it; a repeated call is harmless. */
    public Video complete(String videoId) {
        Video video = videos.find(videoId).orElseThrow(() -> ApiProblem.notFound(videoId));
        return switch (video.status()) {
            case UPLOADING -> verifyAndFinish(video);
            // The item says the bytes are in but the message may not have gone out: send it again.
            case UPLOADED -> completion.enqueue(video);
            case ENCODING, READY, FAILED -> video;
        };
    }

    private DirectUploadTicket.Upload singlePut(Video video, long size, Instant expiresAt) {
        var url = presigner.presignPutObject(p -> p.signatureDuration(settings.presignExpiry())
                .putObjectRequest(o -> o.bucket(resources.uploadsBucket()).key(video.sourceKey()).contentLength(size)))
                .url().toString();
        return new DirectUploadTicket.Upload("PUT", url, List.of(), null, expiresAt);
    }

    private DirectUploadTicket.Upload multipart(Video video, long size, Instant expiresAt) {
        long partSize = Math.max(settings.directPartSizeBytes(), (size + MAX_PARTS - 1) / MAX_PARTS);
        int partCount = (int) ((size + partSize - 1) / partSize);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()))
                .uploadId();
        var parts = IntStream.rangeClosed(1, partCount).mapToObj(n -> new DirectUploadTicket.Part(n,
                presigner.presignUploadPart(p -> p.signatureDuration(settings.presignExpiry())
                        .uploadPartRequest(u -> u.bucket(resources.uploadsBucket()).key(video.sourceKey())
                                .uploadId(uploadId).partNumber(n))).url().toString())).toList();
        return new DirectUploadTicket.Upload("PUT", null, parts, partSize, expiresAt);
    }

    private Video verifyAndFinish(Video video) {
        completeOpenMultipartUploads(video.sourceKey());
        long size = storedSize(video);
        try {
            if (size == 0) {
                throw ApiProblem.badRequest("The file is empty.");
            }
            if (size > settings.maxBytes()) {
                throw ApiProblem.tooLarge(settings.maxBytes());
            }
            byte[] head = s3.getObjectAsBytes(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey())
                    .range("bytes=0-" + (ContainerSniffer.HEAD_BYTES - 1))).asByteArray();
            if (ContainerSniffer.sniff(head, head.length).isEmpty()) {
                throw ApiProblem.notAVideo();
            }
        } catch (ApiProblem refused) {
            metrics.refused("direct", refused);
            s3.deleteObject(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()));
            videos.delete(video.id());
            throw refused;
        }
        Video done = completion.finish(video.id(), size);
        metrics.accepted("direct", size);
        return done;
    }

    /** The client uploaded parts; S3 joins them only when told, with the parts' ETags, which we list. */
    private void completeOpenMultipartUploads(String key) {
        String bucket = resources.uploadsBucket();
        s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(key)).uploads().stream()
                .filter(u -> u.key().equals(key))
                .forEach(u -> {
                    List<CompletedPart> parts = s3.listPartsPaginator(b -> b.bucket(bucket).key(key)
                                    .uploadId(u.uploadId())).parts().stream()
                            .map(p -> CompletedPart.builder().partNumber(p.partNumber()).eTag(p.eTag()).build())
                            .toList();
                    if (parts.isEmpty()) {
                        throw ApiProblem.conflict("No part of the file has been uploaded yet.");
                    }
                    s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(u.uploadId())
                            .multipartUpload(m -> m.parts(parts)));
                });
    }

    private long storedSize(Video video) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()));
            return head.contentLength();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw ApiProblem.conflict("The file has not been uploaded yet: PUT it to the upload URL first.");
            }
            throw e;
        }
    }
}
