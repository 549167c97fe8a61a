package dev.videopipeline.mailer.worker;

import dev.videopipeline.localaws.junit.LocalAwsTest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mailer's container health check asks {@code /health/liveness}: it must say UP while the
 * notification loop polls, and DOWN (503, so ECS replaces the task) once it no longer does.
 */
@LocalAwsTest
@MicronautTest
class MailerLivenessIT {

    @Inject
    EmbeddedServer server;

    @Inject
    NotificationWorker worker;

    @Test
    void liveWhileTheNotificationLoopPollsAndNotOnceItStops() throws Exception {
        assertThat(liveness().statusCode()).isEqualTo(200);

        worker.stop();

        var stopped = liveness();
        assertThat(stopped.statusCode()).isEqualTo(503);
        assertThat(stopped.body()).contains("DOWN");
    }

    private HttpResponse<String> liveness() throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.getURL() + "/health/liveness")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
