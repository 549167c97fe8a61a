package dev.videopipeline.encoder.worker;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * What scaling and alarms read from the encoder: {@code pipeline.encode}, one encode from claim to
 * outcome, by how it ended (its mean is the "mean encode time" the backlog target divides by);
 * {@code pipeline.encode.dead-lettered} and {@code pipeline.encode.waited-turn}.
 */
@Singleton
class EncodeMetrics {

    private final MeterRegistry registry;

    EncodeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * A request given up on its last attempt and left for the dead-letter queue: an operator should
     * look (the CloudWatch alarm on the queue says the same in AWS; this counts it where it happens).
     */
    void deadLettered() {
        registry.counter("pipeline.encode.dead-lettered").increment();
    }

    /** A request put back because its owner had as many encodes running as allowed. */
    void waitedTurn() {
        registry.counter("pipeline.encode.waited-turn").increment();
    }

    /** @param result {@code READY}, {@code FAILED}, {@code retried} (transient failure) or {@code stopped} */
    void encoded(String result, Duration took) {
        registry.timer("pipeline.encode", "result", result).record(took);
    }
}
