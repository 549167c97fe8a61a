package dev.videopipeline.receiver.upload;

import dev.videopipeline.receiver.problem.ApiProblem;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** Counts uploads by path (multipart, direct) and outcome, and the bytes accepted. */
@Singleton
public class UploadMetrics {

    private final MeterRegistry registry;

    public UploadMetrics(MeterRegistry registry) {
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
