package dev.videopipeline.encoder.scalein;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a stand-in for the ECS agent's task protection endpoint (the agent exists only inside an
 * ECS task): a small HTTP server on loopback that records what it was asked and answers as the
 * agent does.
 */
class ScaleInProtectionTest {

    private final List<String> asked = new CopyOnWriteArrayList<>();
    private HttpServer agent;

    private String startAgent() throws IOException {
        agent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        agent.createContext("/task-protection/v1/state", exchange -> {
            asked.add(exchange.getRequestMethod() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"protection\":{\"ProtectionEnabled\":true}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        agent.start();
        return "http://127.0.0.1:" + agent.getAddress().getPort();
    }

    @AfterEach
    void stopAgent() {
        if (agent != null) {
            agent.stop(0);
        }
    }

    @Test
    void theTaskIsProtectedWhileItWorksAndNoLonger() throws Exception {
        var protection = new ScaleInProtection(startAgent(), Duration.ofMinutes(2));

        protection.during(() -> assertThat(asked).containsExactly("PUT {\"ProtectionEnabled\":true,\"ExpiresInMinutes\":3}"));

        assertThat(asked).containsExactly("PUT {\"ProtectionEnabled\":true,\"ExpiresInMinutes\":3}",
                "PUT {\"ProtectionEnabled\":false}");
    }

    @Test
    void overlappingJobsTurnItOnOnceAndOffWhenTheLastEnds() throws Exception {
        var protection = new ScaleInProtection(startAgent(), Duration.ofMinutes(2));
        var firstRunning = new CountDownLatch(1);
        var secondDone = new CountDownLatch(1);
        var first = new Thread(() -> protection.during(() -> {
            firstRunning.countDown();
            await(secondDone);
        }));
        first.start();
        await(firstRunning);

        protection.during(() -> { });
        secondDone.countDown();
        first.join(5_000);

        assertThat(asked).containsExactly("PUT {\"ProtectionEnabled\":true,\"ExpiresInMinutes\":3}",
                "PUT {\"ProtectionEnabled\":false}");
    }

    @Test
    void anUnreachableAgentCostsAWarningNotTheJob() throws Exception {
        int closed;
        try (var socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        var protection = new ScaleInProtection("http://127.0.0.1:" + closed, Duration.ofMinutes(2));
        var done = new boolean[1];

        protection.during(() -> done[0] = true);

        assertThat(done[0]).isTrue();
    }

    @Test
    void outsideEcsItAsksNothing() {
        var protection = new ScaleInProtection("", Duration.ofMinutes(2));
        var done = new boolean[1];

        protection.during(() -> done[0] = true);

        assertThat(done[0]).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
