package dev.videopipeline.receiver.directupload;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.receiver.intake.UploadSettings;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The presigned URLs a direct upload PUTs to: one for the whole file, or one per part above the
 * multipart threshold. Each signs its length, so S3 refuses more (or fewer) bytes than declared.
 */
@Singleton
class UploadUrls {

    private static final int MAX_PARTS = 10_000;
    private static final Duration MIN_LIFETIME = Duration.ofMinutes(15);
    /** A resumed upload's URLs: short, since a client that needs more can always ask again. */
    private static final Duration RESUMED_LIFETIME = Duration.ofMinutes(10);

    private final S3Presigner presigner;
    private final PipelineResources resources;
    private final UploadSettings settings;

    UploadUrls(S3Presigner presigner, PipelineResources resources, UploadSettings settings) {
        this.presigner = presigner;
        this.resources = resources;
        this.settings = settings;
    }

    boolean multipart(long size) {
        return size > settings.directMultipartThreshold();
    }

    /** The fewest parts of at least the configured size, within S3's 10,000. */
    long partSize(long size) {
        return Math.max(settings.directPartSizeBytes(), (size + MAX_PARTS - 1) / MAX_PARTS);
    }

    /**
     * As long as the file takes at the least rate accepted for an upload, between 15 minutes and
     * {@code presign-expiry}: a URL that leaks is good for little longer than the upload needs.
     * Every part's URL lives as long as the whole upload may take, since they are all handed out now.
     */
    Duration lifetime(long size) {
        Duration needed = Duration.ofSeconds(size / settings.minBytesPerSecond());
        return Collections.min(List.of(settings.presignExpiry(), Collections.max(List.of(MIN_LIFETIME, needed))));
    }

    /** The lifetime of the URLs handed to a client that resumes: ten minutes, or presign-expiry if shorter. */
    Duration resumedLifetime() {
        return Collections.min(List.of(settings.presignExpiry(), RESUMED_LIFETIME));
    }

    /** Every part number of a multipart upload of {@code size} bytes: 1..n. */
    List<Integer> partNumbers(long size) {
        long partSize = partSize(size);
        return IntStream.rangeClosed(1, (int) ((size + partSize - 1) / partSize)).boxed().toList();
    }

    String put(Video video, long size, Duration lifetime) {
        return presigner.presignPutObject(p -> p.signatureDuration(lifetime)
                        .putObjectRequest(o -> o.bucket(resources.uploadsBucket()).key(video.sourceKey()).contentLength(size)))
                .url().toString();
    }

    /** A URL for each of {@code numbers}, parts of the multipart upload {@code uploadId} of {@code size} bytes. */
    List<DirectUploadTicket.Part> parts(Video video, String uploadId, long size, Duration lifetime,
                                        List<Integer> numbers) {
        long partSize = partSize(size);
        return numbers.stream().map(n -> new DirectUploadTicket.Part(n,
                presigner.presignUploadPart(p -> p.signatureDuration(lifetime)
                        .uploadPartRequest(u -> u.bucket(resources.uploadsBucket()).key(video.sourceKey())
                                .uploadId(uploadId).partNumber(n)
                                .contentLength(Math.min(partSize, size - (n - 1) * partSize)))).url().toString())).toList();
    }
}
