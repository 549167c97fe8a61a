package dev.videopipeline.receiver.intake;

import dev.videopipeline.receiver.problem.ApiProblem;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** Counts uploads by path (multipart, direct) and outcome, and the bytes accepted. */
@Singleton
public class IntakeMetrics {

    private final MeterRegistry registry;

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void accepted(String path, long bytes) {
        registry.counter("pipeline.uploads", "path", path, "outcome", "accepted").increment();
        registry.summary("pipeline.upload.bytes", "path", path).record(bytes);
    }

    public void refused(String path, Exception cause) {
        String outcome = cause instanceof ApiProblem problem ? String.valueOf(problem.status().getCode()) : "error";
        registry.counter("pipeline.uploads", "path", path, "outcome", outcome).increment();
    }
}
