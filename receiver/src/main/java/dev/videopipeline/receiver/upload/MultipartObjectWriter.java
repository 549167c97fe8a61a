package dev.videopipeline.receiver.upload;

import dev.videopipeline.receiver.intake.SourceCheck;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Writes one S3 object as a multipart upload while its bytes arrive. Up to {@code partsInFlight}
 * filled parts are sent to S3 at once (on {@code executor}) while one more fills from the client,
 * so receiving and storing overlap and S3 (or its emulator) works on several parts in parallel;
 * with every buffer full, the writer waits for the oldest part and the client is slowed to S3's
 * pace. Memory is {@code partsInFlight + 1} parts whatever the file size. Past {@code maxBytes} it
 * refuses the next byte, so the caller aborts before more is stored. One upload, one calling thread.
 */
final class MultipartObjectWriter {

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final long maxBytes;
    private final int partsInFlight;
    private final Executor executor;
    private final List<CompletedPart> parts = new ArrayList<>();
    private final Deque<SentPart> inFlight = new ArrayDeque<>();
    private final Deque<byte[]> free = new ArrayDeque<>();
    private byte[] filling;
    private int buffered;
    private int partsSent;
    private long total;
    private String uploadId;

    /** A part on its way to S3, and the buffer it holds until S3 has it. */
    private record SentPart(byte[] buffer, CompletableFuture<CompletedPart> stored) {
    }

    MultipartObjectWriter(S3Client s3, String bucket, String key, int partSize, int partsInFlight, long maxBytes,
                          Executor executor) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.maxBytes = maxBytes;
        this.partsInFlight = partsInFlight;
        this.executor = executor;
        this.filling = new byte[partSize];
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
        if (buffered > 0 || partsSent == 0) {
            sendFilledPart();
        }
        while (!inFlight.isEmpty()) {
            awaitOldest();
        }
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
        while (!inFlight.isEmpty()) {
            inFlight.poll().stored().handle((part, failure) -> null).join();
        }
        if (uploadId != null) {
            String id = uploadId;
            uploadId = null;
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id));
        }
    }

    /** Sends the filled buffer in the background, first waiting for the oldest part if all are out. */
    private void sendFilledPart() {
        if (inFlight.size() == partsInFlight) {
            awaitOldest();
        }
        if (uploadId == null) {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        }
        byte[] part = filling;
        int length = buffered;
        int partNumber = ++partsSent;
        String id = uploadId;
        inFlight.add(new SentPart(part, CompletableFuture.supplyAsync(() -> upload(id, partNumber, part, length),
                executor)));
        filling = free.isEmpty() ? new byte[part.length] : free.poll();
        buffered = 0;
    }

    private CompletedPart upload(String id, int partNumber, byte[] part, int length) {
        // A provider, not a copy: each (re)try of the part reads the buffer again.
        RequestBody body = RequestBody.fromContentProvider(
                () -> new ByteArrayInputStream(part, 0, length), length, "application/octet-stream");
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(partNumber), body).eTag();
        return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
    }

    /** The oldest part's answer, in part order; its buffer fills again. */
    private void awaitOldest() {
        SentPart oldest = inFlight.poll();
        try {
            parts.add(oldest.stored().join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        free.add(oldest.buffer());
    }
}
