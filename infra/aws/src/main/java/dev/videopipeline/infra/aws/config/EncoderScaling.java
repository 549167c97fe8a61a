package dev.videopipeline.infra.aws.config;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The encoder's scaling policy: target tracking on backlog per task (visible encode requests per
 * running encoder task). Read from {@code encoder-scaling.properties}, the one place these numbers
 * live; the CDK app and a scaling simulator both call {@link #load}. No CDK types here, so a module
 * can depend on this one's jar without the CDK (exclude its transitive dependencies).
 *
 * @param acceptableLatency how long a request may wait before its encode starts
 * @param meanEncodeTime    measured mean wall time of one job on one task
 * @param minTasks          encoders when the queue is empty
 * @param maxTasks          encoders at most
 * @param scaleOutCooldown  wait after adding tasks before adding more
 * @param scaleInCooldown   wait after removing tasks before removing more
 */
public record EncoderScaling(Duration acceptableLatency, Duration meanEncodeTime, int minTasks, int maxTasks,
                             Duration scaleOutCooldown, Duration scaleInCooldown) {

    public static final String RESOURCE = "/encoder-scaling.properties";

    public EncoderScaling {
        if (maxTasks < 1 || minTasks > maxTasks) {
            throw new IllegalArgumentException("encoder tasks must be 0 <= min <= max, max >= 1: " + minTasks + ".." + maxTasks);
        }
        if (acceptableLatency.compareTo(meanEncodeTime) < 0) {
            throw new IllegalArgumentException("an acceptable latency under one mean encode time (" + acceptableLatency
                    + " < " + meanEncodeTime + ") would mean a task per request: raise it or scale otherwise");
        }
    }

    /** The policy of one stage: {@code <stage>.<key>} in the file wins over {@code <key>}. */
    public static EncoderScaling load(String stage) {
        return load(stage, key -> null);
    }

    /** As {@link #load(String)}, with overrides (by stage-qualified key) taking precedence over the file. */
    public static EncoderScaling load(String stage, UnaryOperator<String> overrides) {
        var settings = Settings.load(RESOURCE, overrides);
        return new EncoderScaling(
                Duration.parse(settings.firstOf(stage + ".acceptable-latency", "acceptable-latency")),
                Duration.parse(settings.firstOf(stage + ".mean-encode-time", "mean-encode-time")),
                Integer.parseInt(settings.firstOf(stage + ".min-tasks", "min-tasks")),
                Integer.parseInt(settings.firstOf(stage + ".max-tasks", "max-tasks")),
                Duration.parse(settings.firstOf(stage + ".scale-out-cooldown", "scale-out-cooldown")),
                Duration.parse(settings.firstOf(stage + ".scale-in-cooldown", "scale-in-cooldown")));
    }

    /**
     * Requests one task may have waiting: with this many in line, the last starts within the
     * acceptable latency. Target tracking keeps visible / running at this value.
     */
    public double backlogPerTaskTarget() {
        return (double) acceptableLatency.toMillis() / meanEncodeTime.toMillis();
    }
}
