package dev.videopipeline.loadtest.gatling;

import io.gatling.javaapi.core.Simulation;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * (c) Reads, as the web page makes them: {@code usersPerSec} (default 20) for {@code duration}
 * (default 10 s) virtual users each list the owner's videos and read one of them. One upload first,
 * so that even a fresh stack has a video to read.
 */
public class StatusReadSimulation extends Simulation {

    public StatusReadSimulation() {
        var settings = LoadSettings.fromSystemProperties(20, Duration.ofSeconds(10));
        var api = new VideoApi(settings);
        var seed = scenario("one video to read").exec(api.upload());
        var reads = scenario("list and read").exec(api.list()).exitHereIfFailed().exec(api.read("status"));
        setUp(seed.injectOpen(atOnceUsers(1))
                .andThen(reads.injectOpen(constantUsersPerSec(settings.usersPerSec()).during(settings.duration()))))
                .protocols(api.protocol())
                .assertions(global().successfulRequests().percent().is(100.0));
    }
}
