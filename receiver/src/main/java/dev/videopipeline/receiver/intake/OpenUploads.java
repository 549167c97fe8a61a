package dev.videopipeline.receiver.intake;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.storage.ObjectKeys;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

import java.util.List;

/**
 * The multipart uploads S3 holds open for a video's source. Listed by the source key exactly: S3's
 * prefix match alone would also return another key that merely begins with this one.
 */
@Singleton
public class OpenUploads {

    private final S3Client s3;
    private final PipelineResources resources;

    public OpenUploads(S3Client s3, PipelineResources resources) {
        this.s3 = s3;
        this.resources = resources;
    }

    public List<MultipartUpload> of(String videoId) {
        String key = ObjectKeys.source(videoId);
        return s3.listMultipartUploadsPaginator(b -> b.bucket(resources.uploadsBucket()).prefix(key)).uploads().stream()
                .filter(u -> u.key().equals(key)).toList();
    }

    /** Aborts them all, so that S3 keeps (and bills) none of their parts. */
    public void abortAll(String videoId) {
        of(videoId).forEach(u -> s3.abortMultipartUpload(b -> b.bucket(resources.uploadsBucket()).key(u.key())
                .uploadId(u.uploadId())));
    }
}
