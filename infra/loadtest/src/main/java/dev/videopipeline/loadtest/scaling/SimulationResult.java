package dev.videopipeline.loadtest.scaling;

import java.util.List;

/**
 * What a scenario did to the service: the minute samples, every upload's wait plus encode (upload
 * to READY), the task-hours paid, how many jobs a scale-in handed back, and how many requests the
 * uploads made (more than uploads when videos are chunked).
 */
record SimulationResult(Scenario scenario, List<Simulation.Sample> samples, List<Long> latencySeconds,
                        double taskHours, int arrived, int requests, int handedBack, boolean gaveUp) {

    int completed() {
        return latencySeconds.size();
    }

    long latencyPercentile(double percentile) {
        if (latencySeconds.isEmpty()) {
            return 0;
        }
        List<Long> sorted = latencySeconds.stream().sorted().toList();
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(percentile / 100 * sorted.size()) - 1));
    }

    int maxTasks() {
        return samples.stream().mapToInt(Simulation.Sample::desired).max().orElse(0);
    }

    int maxQueueDepth() {
        return samples.stream().mapToInt(Simulation.Sample::visible).max().orElse(0);
    }

    long maxOldestWaitSeconds() {
        return samples.stream().mapToLong(Simulation.Sample::oldestWaitSeconds).max().orElse(0);
    }
}
