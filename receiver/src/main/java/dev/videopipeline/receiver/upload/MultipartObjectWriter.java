package dev.videopipeline.receiver.upload;

import dev.videopipeline.receiver.intake.SourceCheck;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Writes one S3 object as a multipart upload while its bytes arrive. Two part buffers: while one
 * is sent to S3 (on {@code executor}), the other fills from the client, so receiving and storing
 * overlap; with both full, the writer waits and the client is slowed to S3's pace. Memory is two
 * parts whatever the file size. Past {@code maxBytes} it refuses the next byte, so the caller
 * aborts before more is stored. One upload, one calling thread.
 */
final class MultipartObjectWriter {

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final long maxBytes;
    private final Executor executor;
    private final List<CompletedPart> parts = new ArrayList<>();
    private byte[] filling;
    private byte[] sending;
    private int buffered;
    private long total;
    private String uploadId;
    private CompletableFuture<CompletedPart> inFlight;

    MultipartObjectWriter(S3Client s3, String bucket, String key, int partSize, long maxBytes, Executor executor) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.maxBytes = maxBytes;
        this.executor = executor;
        this.filling = new byte[partSize];
        this.sending = new byte[partSize];
    }

    void write(byte[] bytes, int offset, int length) {
        SourceCheck.requireWithinLimit(total + length, maxBytes);
        total += length;
        while (length > 0) {
            int n = Math.min(length, filling.length - buffered);
            System.arraycopy(bytes, offset, filling, buffered, n);
            buffered += n;
            offset += n;
            length -= n;
            if (buffered == filling.length) {
                sendFilledPart();
            }
        }
    }

    /** @return the stored object's ETag */
    String complete() {
        if (buffered > 0 || (parts.isEmpty() && inFlight == null)) {
            sendFilledPart();
        }
        awaitInFlight();
        String etag = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts))).eTag();
        uploadId = null;
        return etag;
    }

    /** The bytes written so far: once complete, the stored object's size. */
    long size() {
        return total;
    }

    /** Drops the parts stored so far; safe to call at any point, also twice. */
    void abort() {
        if (inFlight != null) {
            inFlight.handle((part, failure) -> null).join();
            inFlight = null;
        }
        if (uploadId != null) {
            String id = uploadId;
            uploadId = null;
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id));
        }
    }

    /** Waits for the previous part, then sends the filled buffer in the background and fills the other. */
    private void sendFilledPart() {
        awaitInFlight();
        if (uploadId == null) {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        }
        byte[] part = filling;
        filling = sending;
        sending = part;
        int length = buffered;
        buffered = 0;
        int partNumber = parts.size() + 1;
        String id = uploadId;
        inFlight = CompletableFuture.supplyAsync(() -> upload(id, partNumber, part, length), executor);
    }

    private CompletedPart upload(String id, int partNumber, byte[] part, int length) {
        // A provider, not a copy: each (re)try of the part reads the buffer again.
        RequestBody body = RequestBody.fromContentProvider(
                () -> new ByteArrayInputStream(part, 0, length), length, "application/octet-stream");
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(partNumber), body).eTag();
        return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
    }

    private void awaitInFlight() {
        if (inFlight == null) {
            return;
        }
        try {
            parts.add(inFlight.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            inFlight = null;
        }
    }
}
