package dev.videopipeline.receiver.upload;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one S3 object as a multipart upload while its bytes arrive: memory is one part buffer,
 * whatever the file size. Past {@code maxBytes} it refuses the next byte, so the caller aborts
 * before more is stored. Not thread-safe: one upload, one thread.
 */
final class MultipartObjectWriter {

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final long maxBytes;
    private final byte[] buffer;
    private final List<CompletedPart> parts = new ArrayList<>();
    private int buffered;
    private long total;
    private String uploadId;

    MultipartObjectWriter(S3Client s3, String bucket, String key, int partSize, long maxBytes) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.maxBytes = maxBytes;
        this.buffer = new byte[partSize];
    }

    void write(byte[] bytes, int offset, int length) {
        SourceCheck.requireWithinLimit(total + length, maxBytes);
        total += length;
        while (length > 0) {
            int n = Math.min(length, buffer.length - buffered);
            System.arraycopy(bytes, offset, buffer, buffered, n);
            buffered += n;
            offset += n;
            length -= n;
            if (buffered == buffer.length) {
                uploadPart();
            }
        }
    }

    /** @return the size of the stored object */
    long complete() {
        if (buffered > 0 || parts.isEmpty()) {
            uploadPart();
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
        uploadId = null;
        return total;
    }

    /** Drops the parts stored so far; safe to call at any point, also twice. */
    void abort() {
        if (uploadId != null) {
            String id = uploadId;
            uploadId = null;
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id));
        }
    }

    private void uploadPart() {
        if (uploadId == null) {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        }
        int partNumber = parts.size() + 1;
        int length = buffered;
        // A provider, not a copy: each (re)try of the part reads the one buffer again.
        RequestBody body = RequestBody.fromContentProvider(
                () -> new ByteArrayInputStream(buffer, 0, length), length, "application/octet-stream");
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                body).eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        buffered = 0;
    }
}
