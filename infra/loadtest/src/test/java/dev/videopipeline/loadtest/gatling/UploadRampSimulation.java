package dev.videopipeline.loadtest.gatling;

import io.gatling.javaapi.core.Simulation;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * (a) Uploads at a rising rate, from a tenth of {@code usersPerSec} (default 2) to all of it over
 * {@code duration} (default 10 s): each virtual user uploads one clip. Every upload must be accepted.
 */
public class UploadRampSimulation extends Simulation {

    public UploadRampSimulation() {
        var settings = LoadSettings.fromSystemProperties(2, Duration.ofSeconds(10));
        var api = new VideoApi(settings);
        double peak = settings.usersPerSec();
        setUp(scenario("upload ramp").exec(api.upload())
                .injectOpen(rampUsersPerSec(peak / 10).to(peak).during(settings.duration())))
                .protocols(api.protocol())
                .assertions(global().successfulRequests().percent().is(100.0));
    }
}
