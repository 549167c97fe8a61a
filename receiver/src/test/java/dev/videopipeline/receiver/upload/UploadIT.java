package dev.videopipeline.receiver.upload;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.receiver.DevOwners;
import dev.videopipeline.common.messaging.MessageCodec;
import dev.videopipeline.common.messaging.VideoUploaded;
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
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static dev.videopipeline.receiver.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

@LocalAwsTest
@MicronautTest
@Property(name = "pipeline.upload.max-bytes", value = UploadIT.MAX_BYTES)
@Property(name = "pipeline.upload.part-size-bytes", value = UploadIT.PART_SIZE_TEXT)
class UploadIT {

    static final String MAX_BYTES = "12582912";
    static final String PART_SIZE_TEXT = "5242880";
    private static final long PART_SIZE = Long.parseLong(PART_SIZE_TEXT);
    private static final MediaType MP4 = MediaType.of("video/mp4");

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

    @BeforeEach
    void reset(LocalAws aws) {
        this.aws = aws;
        aws.reset();
    }

    @Test
    void uploadStoresTheBytesRecordsTheVideoAndEnqueuesOneEncode() throws IOException {
        Path clip = TestClips.mp4(dir, 1);

        var response = http.toBlocking().exchange(upload("?title=Holiday",
                MultipartBody.builder().addPart("file", "../../IMG_0001.mp4", MP4, clip.toFile()))
                .bearerAuth(tokens.issue("Ann@Example.com").token()), VideoResponse.class);

        assertThat(response.getStatus().getCode()).isEqualTo(HttpStatus.ACCEPTED.getCode());
        VideoResponse body = response.body();
        assertThat(response.header("Location")).isEqualTo("/videos/" + body.id());
        assertThat(body.status()).isEqualTo(VideoStatus.UPLOADED);

        var video = videos.find(body.id()).orElseThrow();
        assertThat(video.status()).isEqualTo(VideoStatus.UPLOADED);
        assertThat(video.sizeBytes()).isEqualTo(Files.size(clip));
        assertThat(video.originalFilename()).isEqualTo("IMG_0001.mp4");
        assertThat(video.owner()).isEqualTo(DevOwners.of("ann@example.com"));
        assertThat(video.sourceKey()).isEqualTo("uploads/" + video.id() + "/source");

        byte[] stored = aws.s3().getObjectAsBytes(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()))
                .asByteArray();
        assertThat(stored).isEqualTo(Files.readAllBytes(clip));
        String etag = aws.s3().headObject(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey())).eTag();
        assertThat(video.source()).isEqualTo(new CheckedSource(Container.ISO_MP4, etag));

        assertThat(aws.receiveAll(resources.encodeQueueUrl())).map(codec::decode)
                .containsExactly(new VideoUploaded(video.id()));
    }

    @Test
    void fileOfExactlyTwoPartsIsStoredWhole() throws IOException {
        Path big = TestClips.mp4Padded(dir, 2 * PART_SIZE);

        var body = http.toBlocking().retrieve(upload("",
                MultipartBody.builder().addPart("file", "big.mp4", MP4, big.toFile())), VideoResponse.class);

        var stored = aws.s3().getObjectAsBytes(b -> b.bucket(resources.uploadsBucket())
                .key("uploads/" + body.id() + "/source")).asByteArray();
        assertThat(stored).isEqualTo(Files.readAllBytes(big));
        assertThat(aws.receiveAll(resources.encodeQueueUrl())).hasSize(1);
    }

    @Test
    void fileOfExactlyTheLimitIsAccepted() {
        Path limit = TestClips.mp4Padded(dir, Long.parseLong(MAX_BYTES));

        var body = http.toBlocking().retrieve(upload("",
                MultipartBody.builder().addPart("file", "limit.mp4", MP4, limit.toFile())), VideoResponse.class);

        assertThat(body.sizeBytes()).isEqualTo(Long.parseLong(MAX_BYTES));
    }

    @Test
    void fileOverTheLimitIsRefusedWhileStreamingAndItsPartsAreAborted() {
        Path tooBig = TestClips.mp4Padded(dir, Long.parseLong(MAX_BYTES) + 5 * 1024 * 1024);

        var problem = assertProblem(HttpStatus.REQUEST_ENTITY_TOO_LARGE, () -> http.toBlocking().exchange(upload("",
                MultipartBody.builder().addPart("file", "huge.mp4", MP4, tooBig.toFile()))));

        assertThat(problem.get("detail").toString()).contains(MAX_BYTES);
        PipelineState.assertNothingStored(aws, resources);
    }

    static Stream<Arguments> badUploads() {
        byte[] text = "this is a text file, not a video".getBytes(StandardCharsets.UTF_8);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        return Stream.of(
                Arguments.of("missing file", HttpStatus.BAD_REQUEST, "",
                        MultipartBody.builder().addPart("other", "a.mp4", MP4, text)),
                Arguments.of("title too long", HttpStatus.BAD_REQUEST, "?title=" + "x".repeat(201),
                        MultipartBody.builder().addPart("file", "a.mp4", MP4, text)),
                Arguments.of("empty file", HttpStatus.BAD_REQUEST, "",
                        MultipartBody.builder().addPart("file", "empty.mp4", MP4, new byte[0])),
                Arguments.of("text named .mp4", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "",
                        MultipartBody.builder().addPart("file", "a.mp4", MP4, text)),
                Arguments.of("png named .MOV", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "",
                        MultipartBody.builder().addPart("file", "IMG.MOV", MediaType.of("video/quicktime"), png)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUploads")
    void badUploadGetsAProblemAndStoresNothing(String what, HttpStatus status, String query,
                                               MultipartBody.Builder form) {
        assertProblem(status, () -> http.toBlocking().exchange(upload(query, form)));

        PipelineState.assertNothingStored(aws, resources);
    }

    /** An upload signed in as ann@example.com. */
    private MutableHttpRequest<MultipartBody> upload(String query, MultipartBody.Builder form) {
        return HttpRequest.POST("/videos" + query, form.build()).contentType(MediaType.MULTIPART_FORM_DATA_TYPE)
                .bearerAuth(tokens.issue("ann@example.com").token());
    }
}
