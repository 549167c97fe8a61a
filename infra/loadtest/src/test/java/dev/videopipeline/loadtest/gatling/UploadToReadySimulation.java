package dev.videopipeline.loadtest.gatling;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * (b) Each virtual user uploads a clip and polls it until READY or FAILED, {@code usersPerSec}
 * (default 0.5) for {@code duration} (default 10 s). The group {@value #UPLOAD_TO_READY} spans the
 * upload's start to the poll that saw the outcome; gatling.conf makes the report show its duration
 * (pauses included) rather than the sum of its requests' times. A video not READY within
 * {@code readyWithin} (default 30 s), or FAILED, fails its group and so the run.
 */
public class UploadToReadySimulation extends Simulation {

    static final String UPLOAD_TO_READY = "upload→ready";
    // Also the resolution of the upload→ready time.
    private static final Duration POLL_EVERY = Duration.ofMillis(250);

    public UploadToReadySimulation() {
        var settings = LoadSettings.fromSystemProperties(0.5, Duration.ofSeconds(10));
        var api = new VideoApi(settings);
        ChainBuilder uploadAndWait = group(UPLOAD_TO_READY).on(
                exec(api.upload()).exitHereIfFailed(), // no video to wait for
                asLongAsDuring(session -> !hasOutcome(session), settings.readyWithin())
                        .on(pause(POLL_EVERY), exec(api.read("poll"))),
                // Only for a video that missed READY: one more read, whose failed check names the status it is in.
                doIf(session -> !isReady(session))
                        .then(exec(api.read("not READY").check(jsonPath("$.status").is("READY")))));
        setUp(scenario("upload and wait for READY").exec(uploadAndWait)
                .injectOpen(constantUsersPerSec(settings.usersPerSec()).during(settings.duration())))
                .protocols(api.protocol())
                .assertions(
                        global().successfulRequests().percent().is(100.0),
                        details(UPLOAD_TO_READY).successfulRequests().percent().is(100.0));
    }

    private static boolean hasOutcome(Session session) {
        return isReady(session) || "FAILED".equals(session.getString(VideoApi.STATUS));
    }

    private static boolean isReady(Session session) {
        return "READY".equals(session.getString(VideoApi.STATUS));
    }
}
