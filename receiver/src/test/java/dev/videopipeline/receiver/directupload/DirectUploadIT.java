package dev.videopipeline.receiver.directupload;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.receiver.DevOwners;
import dev.videopipeline.common.messaging.MessageCodec;
import dev.videopipeline.common.messaging.VideoUploaded;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.CheckedSource;
import dev.videopipeline.common.video.Container;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import dev.videopipeline.receiver.PipelineState;
import dev.videopipeline.receiver.auth.DevTokens;
import dev.videopipeline.testclips.TestClips;
import dev.videopipeline.receiver.catalog.VideoResponse;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.videopipeline.receiver.Problems.assertProblem;
import static java.net.http.HttpRequest.BodyPublishers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@LocalAwsTest
@MicronautTest
@Property(name = "pipeline.upload.max-bytes", value = "20000000")
@Property(name = "pipeline.upload.direct-multipart-threshold", value = "6000000")
@Property(name = "pipeline.upload.direct-part-size-bytes", value = "5242880")
class DirectUploadIT {

    @TempDir
    static Path dir;

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    PipelineResources resources;

    @Inject
    VideoRepository videos;

    @Inject
    MessageCodec codec;

    @Inject
    DevTokens tokens;

    LocalAws aws;

    /** A plain HTTP client, as a browser or curl would use, with no AWS credentials. */
    private final java.net.http.HttpClient plain = java.net.http.HttpClient.newHttpClient();

    @BeforeEach
    void reset(LocalAws aws) {
        this.aws = aws;
        aws.reset();
    }

    @Test
    void presignedPutThenCompleteEnqueuesTheVideoOnceAndASecondCompleteIsHarmless() throws Exception {
        Path clip = TestClips.mp4(dir, 1);
        DirectUploadTicket ticket = start("IMG_0002.mp4", Files.size(clip));
        assertThat(ticket.upload().url()).isNotNull();
        assertThat(ticket.upload().parts()).isEmpty();

        assertThat(put(ticket.upload().url(), Files.readAllBytes(clip))).isEqualTo(200);
        var first = complete(ticket.id());
        var second = complete(ticket.id());

        assertThat(first.status()).isEqualTo(VideoStatus.UPLOADED);
        assertThat(second.status()).isEqualTo(VideoStatus.UPLOADED);
        var video = videos.find(ticket.id()).orElseThrow();
        assertThat(video.sizeBytes()).isEqualTo(Files.size(clip));
        assertThat(aws.s3().getObjectAsBytes(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()))
                .asByteArray()).isEqualTo(Files.readAllBytes(clip));
        String etag = aws.s3().headObject(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey())).eTag();
        assertThat(video.source()).as("what the encoder will read and how")
                .isEqualTo(new CheckedSource(Container.ISO_MP4, etag));
        assertThat(aws.receiveAll(resources.encodeQueueUrl())).map(codec::decode)
                .containsExactly(new VideoUploaded(video.id()));
    }

    @Test
    void largeFileIsUploadedInPresignedPartsAndJoinedOnComplete() throws Exception {
        Path big = TestClips.mp4Padded(dir, 11 * 1024 * 1024 + 7);
        byte[] bytes = Files.readAllBytes(big);
        DirectUploadTicket ticket = start("big.mp4", bytes.length);
        long partSize = ticket.upload().partSizeBytes();
        assertThat(ticket.upload().parts()).hasSize(3);

        uploadAndComplete(ticket.id(), ticket.upload().parts(), bytes, partSize);

        assertThat(aws.openMultipartUploads(resources.uploadsBucket())).isEmpty();
    }

    @Test
    void aPresignedUrlTakesExactlyTheLengthItWasIssuedFor() throws Exception {
        Path big = TestClips.mp4Padded(dir, 11 * 1024 * 1024 + 7);
        byte[] bytes = Files.readAllBytes(big);
        DirectUploadTicket multipart = start("big.mp4", bytes.length);
        var first = multipart.upload().parts().get(0);
        int partSize = multipart.upload().partSizeBytes().intValue();
        Path clip = TestClips.mp4(dir, 1);
        byte[] small = Files.readAllBytes(clip);
        DirectUploadTicket single = start("clip.mp4", small.length);

        assertThat(refused(first.url(), Arrays.copyOf(bytes, partSize + 1024 * 1024))).as("a part too long").isTrue();
        assertThat(refused(single.upload().url(), Arrays.copyOf(small, small.length * 2))).as("a file too long").isTrue();
        assertThat(aws.s3().listObjectsV2(b -> b.bucket(resources.uploadsBucket())).contents()).isEmpty();
        assertThat(aws.s3().listParts(b -> b.bucket(resources.uploadsBucket()).key(videos.find(multipart.id())
                .orElseThrow().sourceKey()).uploadId(aws.openMultipartUploads(resources.uploadsBucket()).get(0).uploadId()))
                .parts()).isEmpty();
        assertThat(put(first.url(), Arrays.copyOf(bytes, partSize))).as("the part as issued").isEqualTo(200);
    }

    @Test
    void completeWithAPartMissingIsAConflictAndTheUploadStaysOpenUntilItIsThere() throws Exception {
        byte[] bytes = Files.readAllBytes(TestClips.mp4Padded(dir, 11 * 1024 * 1024 + 7));
        DirectUploadTicket ticket = start("big.mp4", bytes.length);
        long partSize = ticket.upload().partSizeBytes();
        var parts = ticket.upload().parts();
        putPart(parts.get(0), bytes, partSize);
        putPart(parts.get(2), bytes, partSize);

        assertProblem(HttpStatus.CONFLICT, () -> complete(ticket.id()));
        assertThat(aws.receiveAll(resources.encodeQueueUrl())).isEmpty();

        putPart(parts.get(1), bytes, partSize);
        complete(ticket.id());
        assertThat(aws.s3().getObjectAsBytes(b -> b.bucket(resources.uploadsBucket())
                .key("uploads/" + ticket.id() + "/source")).asByteArray()).isEqualTo(bytes);
    }

    @Test
    void completeCannotCutShortAnUploadStreamingThroughTheApi() {
        var streaming = Video.uploading(UUID.randomUUID().toString(), DevOwners.of("ann@example.com"), null, "a.mp4", null,
                Instant.now());
        videos.create(streaming);

        assertProblem(HttpStatus.CONFLICT, () -> complete(streaming.id()));
        assertThat(videos.find(streaming.id()).orElseThrow().status()).isEqualTo(VideoStatus.UPLOADING);
    }

    @Test
    void completeBeforeTheBytesArriveIsAConflictAndKeepsTheUploadOpen() throws Exception {
        Path clip = TestClips.mp4(dir, 1);
        DirectUploadTicket ticket = start("later.mp4", Files.size(clip));

        assertProblem(HttpStatus.CONFLICT, () -> complete(ticket.id()));

        assertThat(videos.find(ticket.id())).hasValueSatisfying(v ->
                assertThat(v.status()).isEqualTo(VideoStatus.UPLOADING));
        assertThat(put(ticket.upload().url(), Files.readAllBytes(clip))).isEqualTo(200);
        assertThat(complete(ticket.id()).status()).isEqualTo(VideoStatus.UPLOADED);
    }

    @Test
    void uploadedFileThatIsNotAVideoIsRefusedOnCompleteAndRemoved() throws Exception {
        byte[] text = "definitely not a video, whatever its name says".getBytes();
        DirectUploadTicket ticket = start("movie.mp4", text.length);
        assertThat(put(ticket.upload().url(), text)).isEqualTo(200);

        assertProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, () -> complete(ticket.id()));

        PipelineState.assertNothingStored(aws, resources);
    }

    @Test
    void declaredSizeOverTheLimitIsRefusedBeforeAnythingIsStored() {
        assertProblem(HttpStatus.REQUEST_ENTITY_TOO_LARGE, () -> start("huge.mp4", 20_000_001));

        PipelineState.assertNothingStored(aws, resources);
    }

    @Test
    void urlWhoseSignatureWasTamperedWithIsRejectedByS3() throws Exception {
        Path clip = TestClips.mp4(dir, 1);
        DirectUploadTicket ticket = start("clip.mp4", Files.size(clip));
        String url = ticket.upload().url();
        String tampered = url.replaceFirst("X-Amz-Signature=.", "X-Amz-Signature=" + (url.contains("X-Amz-Signature=0") ? "1" : "0"));

        assertThat(put(tampered, Files.readAllBytes(clip))).isEqualTo(403);
    }

    @Test
    void completeOfAnUnknownVideoIsNotFound() {
        assertProblem(HttpStatus.NOT_FOUND, () -> complete(UUID.randomUUID().toString()));
    }

    @Test
    void requestWithoutAFilenameIsABadRequest() {
        assertProblem(HttpStatus.BAD_REQUEST, () -> http.toBlocking().exchange(HttpRequest.POST("/videos/uploads",
                Map.of("size", 10)).bearerAuth(ann())));
        PipelineState.assertNothingStored(aws, resources);
    }

    @Test
    void anotherOwnersUploadCannotBeCompleted() throws Exception {
        Path clip = TestClips.mp4(dir, 1);
        DirectUploadTicket ticket = start("IMG_0003.mp4", Files.size(clip));
        assertThat(put(ticket.upload().url(), Files.readAllBytes(clip))).isEqualTo(200);

        assertProblem(HttpStatus.NOT_FOUND, () -> http.toBlocking().exchange(
                HttpRequest.POST("/videos/" + ticket.id() + "/complete", "")
                        .bearerAuth(tokens.issue("bob@example.com").token())));

        assertThat(videos.find(ticket.id()).orElseThrow().status()).isEqualTo(VideoStatus.UPLOADING);
        assertThat(aws.receiveAll(resources.encodeQueueUrl())).isEmpty();
    }

    @Test
    void anInterruptedUploadResumesWithFreshUrlsForTheMissingPartsOnly() throws Exception {
        byte[] bytes = Files.readAllBytes(TestClips.mp4Padded(dir, 11 * 1024 * 1024 + 7));
        DirectUploadTicket ticket = start("big.mp4", bytes.length);
        long partSize = ticket.upload().partSizeBytes();
        putPart(ticket.upload().parts().get(0), bytes, partSize);
        // The client stops here: the rest of its URLs are lost with it.

        UploadProgress progress = progress(ticket.id(), ann());

        assertThat(progress.stored()).extracting(UploadProgress.StoredPart::partNumber, UploadProgress.StoredPart::sizeBytes)
                .containsExactly(tuple(1, partSize));
        assertThat(progress.upload().parts()).extracting(DirectUploadTicket.Part::partNumber).containsExactly(2, 3);
        assertThat(progress.upload().parts()).extracting(DirectUploadTicket.Part::url)
                .doesNotContainAnyElementsOf(ticket.upload().parts().stream().map(DirectUploadTicket.Part::url).toList());
        assertThat(progress.upload().expiresAt()).isBefore(ticket.upload().expiresAt());
        uploadAndComplete(ticket.id(), progress.upload().parts(), bytes, partSize);
    }

    @Test
    void aStoredPartWhoseAnswerWasLostIsSignedAgainWhenAskedForAndReSendingItKeepsTheFileWhole() throws Exception {
        byte[] bytes = Files.readAllBytes(TestClips.mp4Padded(dir, 11 * 1024 * 1024 + 7));
        DirectUploadTicket ticket = start("big.mp4", bytes.length);
        long partSize = ticket.upload().partSizeBytes();
        putPart(ticket.upload().parts().get(0), bytes, partSize); // S3 has it; say the client never heard

        UploadProgress again = http.toBlocking().retrieve(HttpRequest.GET("/videos/" + ticket.id() + "/upload?part=1")
                .bearerAuth(ann()), UploadProgress.class);

        assertThat(again.stored()).extracting(UploadProgress.StoredPart::partNumber).containsExactly(1);
        assertThat(again.upload().parts()).extracting(DirectUploadTicket.Part::partNumber).containsExactly(1, 2, 3);
        assertProblem(HttpStatus.BAD_REQUEST, () -> http.toBlocking().retrieve(
                HttpRequest.GET("/videos/" + ticket.id() + "/upload?part=4").bearerAuth(ann()), UploadProgress.class));
        uploadAndComplete(ticket.id(), again.upload().parts(), bytes, partSize);
    }

    @Test
    void aResumedPartUrlTakesOnlyItsPartsLength() throws Exception {
        byte[] bytes = Files.readAllBytes(TestClips.mp4Padded(dir, 11 * 1024 * 1024 + 7));
        DirectUploadTicket ticket = start("big.mp4", bytes.length);
        int partSize = ticket.upload().partSizeBytes().intValue();

        var first = progress(ticket.id(), ann()).upload().parts().get(0);

        assertThat(refused(first.url(), Arrays.copyOf(bytes, partSize + 1024 * 1024))).as("a part too long").isTrue();
        assertThat(progress(ticket.id(), ann()).stored()).isEmpty();
    }

    @Test
    void askingKeepsTheUploadOpenAndAFinishedOneHasNothingToResume() throws Exception {
        Path clip = TestClips.mp4(dir, 1);
        DirectUploadTicket ticket = start("IMG_0004.mp4", Files.size(clip));
        Instant stampedAtStart = videos.find(ticket.id()).orElseThrow().updatedAt();

        UploadProgress progress = progress(ticket.id(), ann());

        assertThat(videos.find(ticket.id()).orElseThrow().updatedAt()).isAfter(stampedAtStart);
        assertThat(progress.stored()).isEmpty();
        assertThat(put(progress.upload().url(), Files.readAllBytes(clip))).isEqualTo(200);
        complete(ticket.id());
        assertProblem(HttpStatus.CONFLICT, () -> progress(ticket.id(), ann()));
    }

    @Test
    void anotherOwnersUploadCannotBeResumed() {
        DirectUploadTicket ticket = start("IMG_0005.mp4", 12 * 1024 * 1024);

        assertProblem(HttpStatus.NOT_FOUND, () -> progress(ticket.id(), tokens.issue("bob@example.com").token()));
    }

    /** PUTs {@code parts} of {@code bytes}, completes, and checks the video is UPLOADED with exactly those bytes. */
    private void uploadAndComplete(String id, List<DirectUploadTicket.Part> parts, byte[] bytes, long partSize)
            throws Exception {
        for (var part : parts) {
            putPart(part, bytes, partSize);
        }
        complete(id);

        var video = videos.find(id).orElseThrow();
        assertThat(video.status()).isEqualTo(VideoStatus.UPLOADED);
        assertThat(aws.s3().getObjectAsBytes(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()))
                .asByteArray()).isEqualTo(bytes);
    }

    private UploadProgress progress(String id, String token) {
        return http.toBlocking().retrieve(HttpRequest.GET("/videos/" + id + "/upload").bearerAuth(token),
                UploadProgress.class);
    }

    private DirectUploadTicket start(String filename, long size) {
        var response = http.toBlocking().exchange(HttpRequest.POST("/videos/uploads", Map.of(
                "filename", filename, "size", size, "contentType", "video/mp4")).bearerAuth(ann()),
                DirectUploadTicket.class);
        assertThat(response.getStatus().getCode()).isEqualTo(HttpStatus.CREATED.getCode());
        return response.body();
    }

    private VideoResponse complete(String id) {
        var response = http.toBlocking().exchange(HttpRequest.POST("/videos/" + id + "/complete", "")
                .bearerAuth(ann()), VideoResponse.class);
        assertThat(response.getStatus().getCode()).isEqualTo(HttpStatus.ACCEPTED.getCode());
        return response.body();
    }

    private String ann() {
        return tokens.issue("ann@example.com").token();
    }

    private void putPart(DirectUploadTicket.Part part, byte[] file, long partSize) throws Exception {
        int from = (int) ((part.partNumber() - 1) * partSize);
        int to = (int) Math.min(file.length, from + partSize);
        assertThat(put(part.url(), Arrays.copyOfRange(file, from, to))).isEqualTo(200);
    }

    /** S3 answers 403 (the signed length differs), or, having answered, cuts the connection the body still comes on. */
    private boolean refused(String url, byte[] bytes) throws InterruptedException {
        try {
            return put(url, bytes) == 403;
        } catch (IOException cut) {
            return true;
        }
    }

    private int put(String url, byte[] bytes) throws IOException, InterruptedException {
        return plain.send(java.net.http.HttpRequest.newBuilder(URI.create(url))
                .PUT(BodyPublishers.ofByteArray(bytes)).build(), BodyHandlers.discarding()).statusCode();
    }
}
