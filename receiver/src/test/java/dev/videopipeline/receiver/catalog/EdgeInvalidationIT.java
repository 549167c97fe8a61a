package dev.videopipeline.receiver.catalog;

import com.sun.net.httpserver.HttpServer;
import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import dev.videopipeline.receiver.DevOwners;
import dev.videopipeline.receiver.auth.DevTokens;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Deleting a video where a CDN serves the media: its files are invalidated at the edge before the
 * item goes, so a failed invalidation leaves the delete to be retried. CloudFront has no
 * emulator; a stand-in for its CreateInvalidation endpoint runs on loopback in this test.
 */
@LocalAwsTest
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeInvalidationIT implements TestPropertyProvider {

    private final HttpServer standIn;
    private final List<String> invalidations = new CopyOnWriteArrayList<>();
    private volatile int answer = 201;

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

    EdgeInvalidationIT() throws IOException {
        standIn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        standIn.createContext("/2020-05-31/distribution/E2STANDIN/invalidation", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] reply = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Invalidation xmlns=\"http://cloudfront.amazonaws.com/"
                    + "doc/2020-05-31/\"><Id>I" + invalidations.size() + "</Id><Status>InProgress</Status>"
                    + "<CreateTime>2026-12-01T00:00:00Z</CreateTime><InvalidationBatch><Paths><Quantity>1</Quantity>"
                    + "<Items><Path>/x</Path></Items></Paths><CallerReference>r</CallerReference></InvalidationBatch>"
                    + "</Invalidation>").getBytes(StandardCharsets.UTF_8);
            if (answer == 201) {
                invalidations.add(body);
            } else if (answer == 400) {
                reply = ("<?xml version=\"1.0\"?><ErrorResponse><Error><Type>Sender</Type>"
                        + "<Code>TooManyInvalidationsInProgress</Code><Message>busy</Message></Error>"
                        + "<RequestId>r</RequestId></ErrorResponse>").getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(answer, answer == 503 ? -1 : reply.length);
            if (answer != 503) {
                exchange.getResponseBody().write(reply);
            }
            exchange.close();
        });
        standIn.start();
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of("pipeline.media.distribution-id", "E2STANDIN",
                "aws.services.cloudfront.endpoint-override", "http://127.0.0.1:" + standIn.getAddress().getPort());
    }

    @AfterAll
    void stopStandIn() {
        standIn.stop(0);
    }

    @BeforeEach
    void reset(LocalAws aws) {
        this.aws = aws;
        aws.reset();
        invalidations.clear();
        answer = 201;
    }

    @Test
    void deletingAVideoInvalidatesItsMediaAtTheEdge() {
        Video video = publishedVideo();

        http.toBlocking().exchange(HttpRequest.DELETE("/videos/" + video.id()).bearerAuth(ann()));

        assertThat(invalidations).singleElement().satisfies(request -> assertThat(request)
                .contains("<Path>/media/" + video.id() + "/*</Path>", "<CallerReference>delete-" + video.id()));
        assertThat(videos.find(video.id())).isEmpty();
    }

    @Test
    void aFailedInvalidationLeavesTheDeleteToBeRetried() {
        Video video = publishedVideo();
        answer = 503;

        var failure = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.DELETE("/videos/" + video.id()).bearerAuth(ann())));

        assertThat(failure.getStatus().getCode()).isGreaterThanOrEqualTo(500);
        assertThat(videos.find(video.id())).as("kept for the retry").isPresent();
        answer = 201;
        http.toBlocking().exchange(HttpRequest.DELETE("/videos/" + video.id()).bearerAuth(ann()));
        assertThat(invalidations).hasSize(1);
        assertThat(videos.find(video.id())).isEmpty();
    }

    @Test
    void whileTheCdnTakesNoMoreInvalidationsTheDeleteIsToBeRetried() {
        Video video = publishedVideo();
        answer = 400;

        var failure = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.DELETE("/videos/" + video.id()).bearerAuth(ann())));

        assertThat(failure.getStatus().getCode()).isEqualTo(503);
        assertThat(failure.getResponse().getHeaders().get("Retry-After")).isEqualTo("60");
        assertThat(videos.find(video.id())).isPresent();
    }

    private Video publishedVideo() {
        var video = Video.uploading(UUID.randomUUID().toString(), DevOwners.of("ann@example.com"), null, null, null,
                Instant.now());
        videos.create(video);
        aws.s3().putObject(b -> b.bucket(resources.mediaBucket()).key("media/" + video.id() + "/poster.jpg"),
                RequestBody.fromString("jpeg"));
        return video;
    }

    private String ann() {
        return tokens.issue("ann@example.com").token();
    }
}
