package dev.videopipeline.loadtest.gatling;

import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.nio.file.Path;

import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The receiver's API as the simulations call it, each request with the checks a client relies on.
 * The video a request is about is the session's {@value #VIDEO_ID}.
 */
final class VideoApi {

    static final String VIDEO_ID = "videoId";
    static final String STATUS = "status";

    private final LoadSettings settings;
    private final String token;
    private final Path file;

    /** Asks for the token first: a stack that is not there stops the run before the clip is made. */
    VideoApi(LoadSettings settings) {
        this.settings = settings;
        this.token = Authentication.bearerToken(settings);
        this.file = UploadFile.of(settings);
    }

    HttpProtocolBuilder protocol() {
        return http.baseUrl(settings.baseUrl()).acceptHeader("application/json")
                .authorizationHeader("Bearer " + token);
    }

    /** The streaming upload: accepted (202) as UPLOADED, its id and status saved. */
    HttpRequestActionBuilder upload() {
        return http("upload").post("/videos")
                .queryParam("title", "load test")
                .formUpload("file", file.toString())
                .check(status().is(202),
                        jsonPath("$.id").saveAs(VIDEO_ID),
                        jsonPath("$.status").is("UPLOADED").saveAs(STATUS));
    }

    /** The video's status, saved as {@value #STATUS}. */
    HttpRequestActionBuilder read(String requestName) {
        return http(requestName).get("/videos/#{" + VIDEO_ID + "}")
                .check(status().is(200), jsonPath("$.status").saveAs(STATUS));
    }

    /** The owner's newest videos; one of them, at random, becomes the session's video. */
    HttpRequestActionBuilder list() {
        return http("list").get("/videos")
                .check(status().is(200), jsonPath("$.videos[*].id").findRandom().saveAs(VIDEO_ID));
    }
}
