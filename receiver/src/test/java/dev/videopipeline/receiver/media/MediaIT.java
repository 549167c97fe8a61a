package dev.videopipeline.receiver.media;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static dev.videopipeline.receiver.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The media bucket served locally at /media, as players ask for it. */
@LocalAwsTest
@MicronautTest
class MediaIT {

    private static final String PLAYLIST = "#EXTM3U\n#EXT-X-VERSION:7\n";

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    PipelineResources resources;

    String id;

    @BeforeEach
    void storeAPlaylist(LocalAws aws) {
        aws.reset();
        id = UUID.randomUUID().toString();
        aws.s3().putObject(b -> b.bucket(resources.mediaBucket()).key("media/" + id + "/hls/master.m3u8")
                .contentType("application/vnd.apple.mpegurl").cacheControl("public, max-age=31536000, immutable"),
                RequestBody.fromString(PLAYLIST));
        aws.s3().putObject(b -> b.bucket(resources.uploadsBucket()).key("uploads/" + id + "/source"),
                RequestBody.fromString("the owner's original"));
    }

    @Test
    void playlistComesWithItsTypeCachingAndCors() {
        var response = http.toBlocking().exchange("/media/" + id + "/hls/master.m3u8", byte[].class);

        assertThat(response.code()).isEqualTo(HttpStatus.OK.getCode());
        assertThat(response.header(HttpHeaders.CONTENT_TYPE)).isEqualTo("application/vnd.apple.mpegurl");
        assertThat(response.header(HttpHeaders.CACHE_CONTROL)).isEqualTo("private, max-age=3600");
        assertThat(response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo("*");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(PLAYLIST);
    }

    @Test
    void byteRangeIsAPartialAnswer() {
        var response = http.toBlocking().exchange(HttpRequest.GET("/media/" + id + "/hls/master.m3u8")
                .header(HttpHeaders.RANGE, "bytes=1-6"), byte[].class);

        assertThat(response.code()).isEqualTo(HttpStatus.PARTIAL_CONTENT.getCode());
        assertThat(response.header(HttpHeaders.CONTENT_RANGE)).isEqualTo("bytes 1-6/" + PLAYLIST.length());
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("EXTM3U");
    }

    @Test
    void missingFileIsNotFound() {
        assertProblem(HttpStatus.NOT_FOUND, () -> http.toBlocking().exchange("/media/" + id + "/poster.jpg"));
    }

    @Test
    void nothingOutsideAVideosMediaIsReachable() {
        assertProblem(HttpStatus.NOT_FOUND, () -> http.toBlocking().exchange("/media/" + id + "/..%2F..%2Fuploads%2F" + id + "%2Fsource"));
        assertProblem(HttpStatus.NOT_FOUND, () -> http.toBlocking().exchange("/media/" + id + "/../../uploads/" + id + "/source"));
        assertProblem(HttpStatus.NOT_FOUND, () -> http.toBlocking().exchange("/media/not-a-video/master.m3u8"));
    }
}
