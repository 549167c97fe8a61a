package dev.videopipeline.receiver.directupload;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.video.ContainerSniffer;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.receiver.intake.OpenUploads;
import dev.videopipeline.receiver.problem.ApiProblem;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.List;
import java.util.stream.IntStream;

/** What a client PUT to S3 for a direct upload, as complete finds it: joined, measured, its first bytes. */
@Singleton
class StoredSource {

    private final S3Client s3;
    private final OpenUploads openUploads;
    private final PipelineResources resources;

    StoredSource(S3Client s3, OpenUploads openUploads, PipelineResources resources) {
        this.s3 = s3;
        this.openUploads = openUploads;
        this.resources = resources;
    }

    /**
     * S3 joins the parts only when told, with their ETags, which we list rather than ask the client
     * for. Every part must be there, numbered 1..n without a gap and adding up to the declared size;
     * otherwise the upload stays open for the client to finish.
     */
    void join(Video video) {
        String bucket = resources.uploadsBucket();
        String key = video.sourceKey();
        long declared = video.sizeBytes();
        for (var upload : openUploads.of(video.id())) {
            var parts = parts(video, upload.uploadId());
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

    /** The parts S3 holds of the multipart upload {@code uploadId}, by number. */
    List<Part> parts(Video video, String uploadId) {
        return s3.listPartsPaginator(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()).uploadId(uploadId))
                .parts().stream().toList();
    }

    HeadObjectResponse head(Video video) {
        try {
            return s3.headObject(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw ApiProblem.conflict("The file has not been uploaded yet: PUT it to the upload URL first.");
            }
            throw e;
        }
    }

    /**
     * The first bytes of exactly the object whose size was checked: a PUT to the still valid URL in
     * between fails the read, and the client may complete again.
     */
    byte[] firstBytes(Video video, String etag) {
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

    void delete(Video video) {
        s3.deleteObject(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()));
    }
}
