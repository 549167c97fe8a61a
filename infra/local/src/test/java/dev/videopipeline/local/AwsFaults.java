package dev.videopipeline.local;

import dev.videopipeline.testpipeline.PipelineLauncher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.awaitility.Awaitility.await;

/**
 * The AWS outages of a pipeline started with {@code --fault-gates}: the emulators' fault API
 * ({@code local-aws.faults-url}) shuts one service's gate for a while; the emulator behind it keeps
 * its state, as AWS would.
 */
final class AwsFaults {

    private final String url;
    private final HttpClient http = HttpClient.newHttpClient();

    AwsFaults(PipelineLauncher pipeline) {
        this.url = pipeline.awsProperty("local-aws.faults-url");
        if (url == null) {
            throw new IllegalStateException("the pipeline runs without fault gates: start it with --fault-gates");
        }
    }

    /** Cuts {@code service} ({@code s3}, {@code sqs}, {@code dynamodb}, {@code sesv2}) off; returns once it is. */
    void shut(String service, Duration outage) throws IOException, InterruptedException {
        var answer = http.send(HttpRequest.newBuilder(URI.create(url + "/faults/" + service + "?seconds=" + outage.toSeconds()))
                        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("shutting " + service + " answered " + answer.statusCode() + " " + answer.body());
        }
    }

    /** Waits for the outage of {@code service} to end; returns about when it did (polled every 20 ms). */
    Instant awaitOpen(String service, Duration deadline) {
        await().atMost(deadline).pollInterval(Duration.ofMillis(20))
                .until(() -> http.send(HttpRequest.newBuilder(URI.create(url + "/faults")).build(),
                        HttpResponse.BodyHandlers.ofString()).body().contains("\"" + service + "\":\"open\""));
        return Instant.now();
    }
}
