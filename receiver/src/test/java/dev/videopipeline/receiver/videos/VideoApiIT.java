package dev.videopipeline.receiver.videos;

import dev.videopipeline.receiver.catalog.VideoResponse;
import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.receiver.DevOwners;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoChange;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import dev.videopipeline.receiver.PipelineState;
import dev.videopipeline.receiver.auth.DevTokens;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.videopipeline.receiver.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

@LocalAwsTest
@MicronautTest
class VideoApiIT {

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    VideoRepository videos;

    @Inject
    PipelineResources resources;

    @Inject
    DevTokens tokens;

    LocalAws aws;

    @BeforeEach
    void reset(LocalAws aws) {
        this.aws = aws;
        aws.reset();
    }

    @Test
    void unknownVideoIsAProblemNotFound() {
        String id = UUID.randomUUID().toString();

        var problem = assertProblem(HttpStatus.NOT_FOUND, () -> http.toBlocking().exchange(asAnn(HttpRequest.GET("/videos/" + id))));

        assertThat(problem.get("detail").toString()).contains(id);
    }

    @Test
    void somethingThatIsNotAVideoIdIsABadRequest() {
        assertProblem(HttpStatus.BAD_REQUEST, () -> http.toBlocking().exchange(asAnn(HttpRequest.GET("/videos/" + "x".repeat(3000)))));
        assertProblem(HttpStatus.BAD_REQUEST, () -> http.toBlocking().exchange(asAnn(HttpRequest.DELETE("/videos/..%2F.."))));
    }

    @Test
    void listingWalksAnOwnersVideosNewestFirstWithTheCursor() {
        var start = Instant.parse("2026-11-20T08:00:00Z");
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            var video = Video.uploading(UUID.randomUUID().toString(), DevOwners.of("ann@example.com"), "v" + i, null, null,
                    start.plusSeconds(i));
            videos.create(video);
            newestFirst.add(0, video.id());
        }
        videos.create(Video.uploading(UUID.randomUUID().toString(), DevOwners.of("bob@example.com"), null, null, null, start));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 10; page++) {
            var list = http.toBlocking().retrieve(asAnn(HttpRequest.GET("/videos?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor))), VideoList.class);
            list.videos().forEach(v -> seen.add(v.id()));
            cursor = list.nextCursor();
            if (cursor == null) {
                break;
            }
        }

        assertThat(seen).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void listingRefusesACursorItDidNotIssueAndABadLimit() {
        assertProblem(HttpStatus.BAD_REQUEST, () -> http.toBlocking().exchange(asAnn(HttpRequest.GET("/videos?cursor=xyz"))));
        assertProblem(HttpStatus.BAD_REQUEST, () -> http.toBlocking().exchange(asAnn(HttpRequest.GET("/videos?limit=0"))));
        assertProblem(HttpStatus.BAD_REQUEST, () -> http.toBlocking().exchange(asAnn(HttpRequest.GET("/videos?limit=101"))));
    }

    @Test
    void deleteRemovesTheItemAndEveryObjectOfTheVideo() {
        var video = Video.uploading(UUID.randomUUID().toString(), DevOwners.of("ann@example.com"), null, null, null, Instant.now());
        videos.create(video);
        aws.s3().putObject(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()), RequestBody.fromString("x"));
        aws.s3().putObject(b -> b.bucket(resources.mediaBucket()).key("media/" + video.id() + "/hls/master.m3u8"),
                RequestBody.fromString("#EXTM3U"));
        aws.s3().putObject(b -> b.bucket(resources.mediaBucket()).key("media/other/poster.jpg"),
                RequestBody.fromString("keep"));

        var response = http.toBlocking().exchange(asAnn(HttpRequest.DELETE("/videos/" + video.id())));

        assertThat(response.getStatus().getCode()).isEqualTo(HttpStatus.NO_CONTENT.getCode());
        assertThat(videos.find(video.id())).isEmpty();
        assertThat(aws.s3().listObjectsV2(b -> b.bucket(resources.mediaBucket())).contents())
                .extracting(o -> o.key()).containsExactly("media/other/poster.jpg");
        PipelineState.assertNothingStored(aws, resources);
        assertProblem(HttpStatus.NOT_FOUND, () -> http.toBlocking().exchange(asAnn(HttpRequest.DELETE("/videos/" + video.id()))));
    }

    @Test
    void retryQueuesAFailedVideoAgainOnceAndOnlyForItsOwner() {
        var video = failedVideo("ann@example.com");
        aws.s3().putObject(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()), RequestBody.fromString("x"));

        assertProblem(HttpStatus.NOT_FOUND, () -> http.toBlocking().exchange(
                HttpRequest.POST("/videos/" + video.id() + "/retry", "").bearerAuth(tokens.issue("bob@example.com").token())));
        var first = http.toBlocking().exchange(asAnn(HttpRequest.POST("/videos/" + video.id() + "/retry", "")),
                VideoResponse.class);
        var second = http.toBlocking().exchange(asAnn(HttpRequest.POST("/videos/" + video.id() + "/retry", "")),
                VideoResponse.class);

        assertThat(first.getStatus().getCode()).isEqualTo(202);
        assertThat(second.body().status()).isEqualTo(VideoStatus.UPLOADED);
        var retried = videos.find(video.id()).orElseThrow();
        assertThat(retried.status()).isEqualTo(VideoStatus.UPLOADED);
        assertThat(retried.attempts()).isZero();
        assertThat(retried.failureReason()).isNull();
        assertThat(retried.notification()).isNull();
        assertThat(aws.receiveAll(resources.encodeQueueUrl())).hasSize(1);
    }

    @Test
    void aVideoIsRetriedAtMostThreeTimes() {
        var video = failedVideo("ann@example.com");
        aws.s3().putObject(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()), RequestBody.fromString("x"));
        for (int i = 0; i < 3; i++) {
            var retried = http.toBlocking().exchange(asAnn(HttpRequest.POST("/videos/" + video.id() + "/retry", "")),
                    VideoResponse.class);
            assertThat(retried.getStatus().getCode()).isEqualTo(202);
            videos.transition(video.id(), VideoStatus.UPLOADED, VideoStatus.FAILED,
                    VideoChange.with().failureReason("The file is not a video we can read."));
        }
        aws.receiveAll(resources.encodeQueueUrl());

        var problem = assertProblem(HttpStatus.CONFLICT, () -> http.toBlocking().exchange(
                asAnn(HttpRequest.POST("/videos/" + video.id() + "/retry", ""))));

        assertThat(problem.get("detail").toString()).contains("retried 3 times");
        assertThat(videos.find(video.id()).orElseThrow().status()).isEqualTo(VideoStatus.FAILED);
        assertThat(aws.receiveAll(resources.encodeQueueUrl())).isEmpty();
    }

    @Test
    void retryRefusesAFailedVideoWhoseSourceIsGone() {
        var gone = failedVideo("ann@example.com");

        var problem = assertProblem(HttpStatus.CONFLICT, () -> http.toBlocking().exchange(
                asAnn(HttpRequest.POST("/videos/" + gone.id() + "/retry", ""))));

        assertThat(problem.get("detail").toString()).contains("upload it again");
        assertThat(videos.find(gone.id()).orElseThrow().status()).isEqualTo(VideoStatus.FAILED);
        assertThat(aws.receiveAll(resources.encodeQueueUrl())).isEmpty();
    }

    private Video failedVideo(String owner) {
        var video = Video.uploading(UUID.randomUUID().toString(), DevOwners.of(owner), null, null, null, Instant.now());
        videos.create(video);
        videos.transition(video.id(), VideoStatus.UPLOADING, VideoStatus.UPLOADED, VideoChange.with().sizeBytes(1));
        return videos.transition(video.id(), VideoStatus.UPLOADED, VideoStatus.FAILED,
                VideoChange.with().failureReason("The file is not a video we can read.")).orElseThrow();
    }

    @Test
    void malformedJsonIsABadRequestProblem() {
        assertProblem(HttpStatus.BAD_REQUEST, () -> http.toBlocking().exchange(
                asAnn(HttpRequest.POST("/videos/uploads", "{\"filename\": ").contentType(MediaType.APPLICATION_JSON_TYPE))));
    }

    @Test
    void theOpenApiDocumentAndItsUiAreServedLocally() {
        String openApi = http.toBlocking().retrieve("/swagger/openapi.yml");
        String swaggerUi = http.toBlocking().retrieve("/swagger-ui/index.html");

        assertThat(openApi).contains("/videos/{id}/complete", "/videos/uploads");
        assertThat(swaggerUi).contains("swagger");
    }

    private <T> MutableHttpRequest<T> asAnn(MutableHttpRequest<T> request) {
        return request.bearerAuth(tokens.issue("ann@example.com").token());
    }
}
