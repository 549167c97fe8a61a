package dev.videopipeline.common.messaging;

import io.micronaut.context.annotation.Value;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A worker is live only while its poll loops turn ({@link QueuePoller#isPolling}): a loop that
 * died or hangs takes {@code /health/liveness} DOWN (503), so the container's health check fails,
 * ECS replaces the task, and a deployment whose workers never poll rolls back through the circuit
 * breaker. An SQS outage does not: the loop still turns, and replacing the task would not help.
 */
@Singleton
@Liveness
public class PollLoopLiveness extends AbstractHealthIndicator<Map<String, String>> {

    private final List<QueuePoller> pollers = new CopyOnWriteArrayList<>();
    private final Duration within;

    /** @param within how long a loop may go without starting or ending a receive: over one whole receive */
    public PollLoopLiveness(@Value("${pipeline.health.poll-loop-silence:60s}") Duration within) {
        this.within = within;
    }

    public void watch(QueuePoller poller) {
        pollers.add(poller);
    }

    @Override
    protected Map<String, String> getHealthInformation() {
        Map<String, String> loops = new TreeMap<>();
        boolean allPolling = true;
        for (QueuePoller poller : pollers) {
            boolean polling = poller.isPolling(within);
            loops.put(poller.name(), polling ? "polling" : "not polling");
            allPolling &= polling;
        }
        healthStatus = allPolling ? HealthStatus.UP : HealthStatus.DOWN;
        return loops;
    }

    @Override
    protected String getName() {
        return "pollLoops";
    }
}
