package dev.videopipeline.receiver.problem;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;

import java.time.Duration;

/**
 * A request the API answers with a 4xx (or 503) and an {@code application/problem+json} body.
 * Thrown by the services; turned into the response in one place, {@link ApiProblemHandler}.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final Duration retryAfter;

    private ApiProblem(HttpStatus status, String title, String detail) {
        this(status, title, detail, null);
    }

    /** @param retryAfter when the client may try again (the {@code Retry-After} header), or null */
    private ApiProblem(HttpStatus status, String title, String detail, @Nullable Duration retryAfter) {
        super(detail);
        this.status = status;
        this.title = title;
        this.retryAfter = retryAfter;
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid request", detail);
    }

    public static ApiProblem notFound(String videoId) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "Video not found", "There is no video with id " + videoId + ".");
    }

    public static ApiProblem notAVideo() {
        return new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Not a video",
                "The file is not in a video container we read (MP4, MOV, M4V, 3GP, Matroska, WebM, AVI, "
                        + "MPEG-TS, MPEG-PS, FLV, WMV).");
    }

    public static ApiProblem tooLarge(long maxBytes) {
        return new ApiProblem(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "Video too large",
                "The file is larger than the limit of " + maxBytes + " bytes.");
    }

    /** A streaming upload that fell below the least rate accepted over {@code window}. */
    public static ApiProblem tooSlow(long bytesPerSecond, Duration window) {
        return new ApiProblem(HttpStatus.REQUEST_TIMEOUT, "Upload too slow",
                "The upload came in at less than " + bytesPerSecond / 1024 + " KiB/s over " + window.toSeconds()
                        + " s, the least this service accepts. Nothing of it was kept. Try again on a faster connection, "
                        + "or use a direct upload (POST /videos/uploads), which sends the file to storage directly.");
    }

    public static ApiProblem busy() {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "Too many uploads",
                "This server is taking as many uploads as it can. Try again in a few seconds.", Duration.ofSeconds(5));
    }

    /** A limit of the owner's: 429, with when to come back. */
    public static ApiProblem limited(String title, String detail, Duration retryAfter) {
        return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, title, detail, retryAfter);
    }

    /** The CDN takes no more invalidations for now: a delete that needs one is to be tried again. */
    public static ApiProblem cdnBusy() {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "Try again shortly",
                "Many videos are being deleted right now; this one is not deleted yet. Try again in a minute.",
                Duration.ofSeconds(60));
    }

    public static ApiProblem noSuchMediaFile() {
        return new ApiProblem(HttpStatus.NOT_FOUND, "Not found", "There is no such media file.");
    }

    /** The receiver is stopping (SIGTERM): the client uploads again, and the load balancer sends it elsewhere. */
    public static ApiProblem stopping(String detail) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "Server stopping", detail);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "Not possible now", detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    @Nullable
    public Duration retryAfter() {
        return retryAfter;
    }
}
