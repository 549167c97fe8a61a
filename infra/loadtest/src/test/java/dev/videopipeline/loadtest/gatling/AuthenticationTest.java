package dev.videopipeline.loadtest.gatling;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthenticationTest {

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer stack;

    @AfterEach
    void stop() {
        stack.stop(0);
    }

    @Test
    void aGivenTokenIsUsedAsItIs() throws IOException {
        startStack(200, "{\"token\":\"issued\"}");

        assertThat(Authentication.bearerToken(settings(Optional.of("given")))).isEqualTo("given");
        assertThat(requests).isEmpty();
    }

    @Test
    void withoutATokenTheStackIssuesOneForTheRunsEmail() throws IOException {
        startStack(200, "{\"token\":\"eyJ.abc.def\"}");

        assertThat(Authentication.bearerToken(settings(Optional.empty()))).isEqualTo("eyJ.abc.def");
        assertThat(requests).containsExactly("POST /dev/tokens {\"email\":\"ann@example.com\"}");
    }

    @Test
    void aStackThatIssuesNoDevTokensAsksForOne() throws IOException {
        startStack(404, "{\"status\":404}");

        assertThatThrownBy(() -> Authentication.bearerToken(settings(Optional.empty())))
                .hasMessageContaining("pass a token");
    }

    @Test
    void aRefusedTokenStopsTheRun() throws IOException {
        startStack(500, "{\"status\":500}");

        assertThatThrownBy(() -> Authentication.bearerToken(settings(Optional.empty())))
                .hasMessageContaining("answered 500");
    }

    private void startStack(int status, String body) throws IOException {
        stack = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stack.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        stack.start();
    }

    private LoadSettings settings(Optional<String> token) {
        return new LoadSettings("http://127.0.0.1:" + stack.getAddress().getPort(), 1, Duration.ofSeconds(1),
                Duration.ofSeconds(1), "ann@example.com", token, Optional.empty(), 1);
    }
}
