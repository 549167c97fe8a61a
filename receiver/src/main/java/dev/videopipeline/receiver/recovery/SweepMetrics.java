package dev.videopipeline.receiver.recovery;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** Counts what the sweeper did: encode requests sent again, abandoned uploads removed. */
@Singleton
class SweepMetrics {

    private final MeterRegistry registry;

    SweepMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void resent(int videos) {
        registry.counter("pipeline.sweeper.resent").increment(videos);
    }

    void abandoned(int uploads) {
        registry.counter("pipeline.sweeper.abandoned").increment(uploads);
    }
}
