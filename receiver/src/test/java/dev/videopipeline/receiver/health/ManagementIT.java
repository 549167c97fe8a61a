package dev.videopipeline.receiver.health;

import dev.videopipeline.localaws.junit.LocalAwsTest;
import dev.videopipeline.receiver.auth.DevTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.server.netty.NettyEmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the public port shows of the receiver's insides (nothing but {@code /livez}) and what the
 * management port does: health with details, metrics, and readiness answered from its cache.
 */
@LocalAwsTest
@MicronautTest
@Property(name = "pipeline.health.readiness-cache", value = "1h")
class ManagementIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Inject
    NettyEmbeddedServer server;

    @Inject
    DevTokens tokens;

    @Inject
    MeterRegistry registry;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/beans", "/routes", "/threaddump", "/info", "/refresh", "/loggers", "/env", "/metrics",
            "/caches", "/stop", "/health", "/health/readiness", "/health/liveness", "/prometheus"})
    void managementPathsAreNotOnThePublicPortWithOrWithoutAToken(String path) throws Exception {
        String token = tokens.issue("ann@example.com").token();

        for (String method : new String[]{"GET", "POST"}) {
            assertThat(status(publicUri(path), method, null)).as("%s %s anonymous", method, path).isEqualTo(404);
            assertThat(status(publicUri(path), method, token)).as("%s %s with a token", method, path).isEqualTo(404);
        }
    }

    @Test
    void thePublicPortSaysOnlyWhetherTheReceiverIsUp() throws Exception {
        var answer = CLIENT.send(HttpRequest.newBuilder(publicUri("/livez")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void theManagementPortHasHealthWithDetailsAndMetricsAndNothingElse() throws Exception {
        var readiness = CLIENT.send(HttpRequest.newBuilder(managementUri("/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        var metrics = CLIENT.send(HttpRequest.newBuilder(managementUri("/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"s3\":\"UP\"", "\"dynamodb\":\"UP\"", "\"sqs\":\"UP\"");
        assertThat(metrics.body()).contains("jvm_memory_used_bytes", "pipeline_aws_calls_total");
        for (String path : new String[]{"/beans", "/routes", "/threaddump", "/info", "/loggers", "/env"}) {
            assertThat(status(managementUri(path), "GET", null)).as(path).isEqualTo(404);
        }
    }

    @Test
    void aFloodOfReadinessChecksCostsOneRoundOfAwsCalls() throws Exception {
        status(managementUri("/health/readiness"), "GET", null);
        double before = queueChecks();

        for (int i = 0; i < 50; i++) {
            assertThat(status(managementUri("/health/readiness"), "GET", null)).isEqualTo(200);
        }

        assertThat(queueChecks() - before).as("GetQueueAttributes calls for 50 readiness checks").isZero();
    }

    private double queueChecks() {
        var counter = registry.find("pipeline.aws.calls").tag("operation", "GetQueueAttributes").counter();
        return counter == null ? 0 : counter.count();
    }

    private URI publicUri(String path) {
        return URI.create("http://localhost:" + server.getPort() + path);
    }

    private URI managementUri(String path) {
        int management = server.getBoundPorts().stream().filter(port -> port != server.getPort()).findFirst()
                .orElseThrow(() -> new AssertionError("no management port: " + server.getBoundPorts()));
        return URI.create("http://localhost:" + management + path);
    }

    private static int status(URI uri, String method, String token) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
