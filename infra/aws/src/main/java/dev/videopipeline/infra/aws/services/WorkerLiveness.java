package dev.videopipeline.infra.aws.services;

import java.time.Duration;
import java.util.List;
import software.amazon.awscdk.services.ecs.HealthCheck;

/**
 * A worker's container health check: its liveness answer on its own port, asked from inside the
 * task with curl (installed in its image): 200 while live, 503 once its poll loop has not polled
 * for a while. ECS replaces a task that fails it {@link #RETRIES} times in a row after its start
 * period, and the deployment circuit breaker counts such tasks, so a stuck worker is replaced and
 * a broken release of one rolls back.
 */
final class WorkerLiveness {

    static final String PATH = "/health/liveness";
    /** ECS's default: a worker whose liveness turns 503 is marked unhealthy about 90 s later. */
    static final Duration INTERVAL = Duration.ofSeconds(30);
    /** Three in a row: one slow answer (a long GC pause) never stops a task. */
    static final int RETRIES = 3;

    private WorkerLiveness() {
    }

    /**
     * @param timeout     how long one answer may take
     * @param startPeriod failures in this long after the start do not count: the JVM's start and
     *                    the first poll
     */
    static HealthCheck on(int port, Duration timeout, Duration startPeriod) {
        return HealthCheck.builder()
                .command(List.of("CMD-SHELL", "curl -fsS http://localhost:" + port + PATH + " || exit 1"))
                .interval(seconds(INTERVAL))
                .timeout(seconds(timeout))
                .retries(RETRIES)
                .startPeriod(seconds(startPeriod))
                .build();
    }

    private static software.amazon.awscdk.Duration seconds(Duration duration) {
        return software.amazon.awscdk.Duration.seconds(duration.toSeconds());
    }
}
