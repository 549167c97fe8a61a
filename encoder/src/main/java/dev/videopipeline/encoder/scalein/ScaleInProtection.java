package dev.videopipeline.encoder.scalein;

import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * ECS task scale-in protection while this encoder works on a request: on when the first starts, off
 * when the last ends, so scale-in and a deployment's scale-down stop idle tasks, never busy ones.
 * It expires a minute past the lease and is renewed at half its life, so a task that dies does not
 * stay protected. Set through the ECS agent's endpoint ({@code $ECS_AGENT_URI/task-protection/v1/state});
 * without {@code ECS_AGENT_URI} (outside ECS) it does nothing. An agent that cannot be reached
 * costs a warning, never the job.
 */
@Singleton
public class ScaleInProtection {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleInProtection.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

    private final URI state;
    private final long expiresInMinutes;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CALL_TIMEOUT).build();
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor();
    private int working;
    private ScheduledFuture<?> renewal;

    /** @param lease {@code encoder.lease}: how long a job stays this encoder's without a heartbeat */
    public ScaleInProtection(@Value("${ECS_AGENT_URI:}") String agentUri, @Value("${encoder.lease}") Duration lease) {
        this.state = agentUri.isBlank() ? null : URI.create(agentUri + "/task-protection/v1/state");
        // Whole minutes, at least a minute past the lease.
        this.expiresInMinutes = lease.plusMinutes(1).plusSeconds(59).toMinutes();
    }

    @PreDestroy
    void stop() {
        renewals.shutdownNow();
    }

    /** Runs {@code work} with the task protected. */
    public void during(Runnable work) {
        started();
        try {
            work.run();
        } finally {
            ended();
        }
    }

    private synchronized void started() {
        if (working++ == 0 && state != null) {
            set(true);
            long every = Math.max(1, expiresInMinutes * 60 / 2);
            renewal = renewals.scheduleAtFixedRate(this::renew, every, every, TimeUnit.SECONDS);
        }
    }

    private synchronized void ended() {
        if (--working == 0 && state != null) {
            renewal.cancel(false);
            set(false);
        }
    }

    private synchronized void renew() {
        if (working > 0) {
            set(true);
        }
    }

    private void set(boolean enabled) {
        String body = enabled ? "{\"ProtectionEnabled\":true,\"ExpiresInMinutes\":" + expiresInMinutes + "}"
                : "{\"ProtectionEnabled\":false}";
        try {
            var answer = http.send(HttpRequest.newBuilder(state).timeout(CALL_TIMEOUT)
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            // The agent answers 200 with {"protection": ...}, or {"failure": ...} / {"error": ...}.
            if (answer.statusCode() != 200 || !answer.body().contains("\"protection\"")) {
                LOG.atWarn().setMessage("scale-in protection not set").addKeyValue("enabled", enabled)
                        .addKeyValue("status", answer.statusCode()).addKeyValue("answer", answer.body()).log();
            }
        } catch (IOException e) {
            LOG.atWarn().setMessage("scale-in protection not set: the ECS agent is unreachable")
                    .addKeyValue("enabled", enabled).addKeyValue("error", e.toString()).log();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
