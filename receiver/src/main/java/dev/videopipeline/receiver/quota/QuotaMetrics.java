package dev.videopipeline.receiver.quota;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** Counts refusals by the limit that refused ({@code pipeline.quota.refused}, tag {@code limit}). */
@Singleton
class QuotaMetrics {

    private final MeterRegistry registry;

    QuotaMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void refused(String limit) {
        registry.counter("pipeline.quota.refused", "limit", limit).increment();
    }
}
