package dev.videopipeline.loadtest.scaling;

import dev.videopipeline.infra.aws.config.EncoderScaling;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The encoder service's scaling as infra/aws configures it, evaluated once a minute like its
 * CloudWatch alarms: target tracking on backlog per task (visible requests ÷ running tasks), out
 * after 3 datapoints above the target, in after 15 below 90 % of it, each within its cooldown; and
 * the step policy that starts the first task when requests wait and none runs (target tracking
 * multiplies the running count, so it cannot leave zero). Like the real metric, the backlog counts
 * visible requests only: jobs being encoded are not in it.
 */
final class Autoscaler {

    private static final int OUT_DATAPOINTS = 3;
    private static final int IN_DATAPOINTS = 15;
    private static final double IN_THRESHOLD = 0.9;

    private final EncoderScaling policy;
    private final Deque<Double> datapoints = new ArrayDeque<>();
    private long lastScaleOut = Long.MIN_VALUE / 2;
    private long lastScaleIn = Long.MIN_VALUE / 2;

    Autoscaler(EncoderScaling policy) {
        this.policy = policy;
    }

    /**
     * @param now     seconds since the start
     * @param desired the service's desired count now
     * @param running tasks running (started and serving)
     * @param visible requests waiting in the queue
     * @return the new desired count
     */
    int evaluate(long now, int desired, int running, int visible) {
        double backlogPerTask = running == 0 ? visible : visible / (double) running;
        datapoints.addLast(backlogPerTask);
        if (datapoints.size() > IN_DATAPOINTS) {
            datapoints.removeFirst();
        }
        double target = policy.backlogPerTaskTarget();
        int wanted = Math.max(policy.minTasks(), Math.min(policy.maxTasks(), (int) Math.ceil(visible / target)));
        if (desired == 0 && visible > 0 && now - lastScaleOut >= policy.scaleOutCooldown().toSeconds()) {
            lastScaleOut = now;
            return Math.max(1, policy.minTasks());
        }
        if (last(OUT_DATAPOINTS, v -> v > target) && wanted > desired
                && now - lastScaleOut >= policy.scaleOutCooldown().toSeconds()) {
            lastScaleOut = now;
            return wanted;
        }
        if (last(IN_DATAPOINTS, v -> v < IN_THRESHOLD * target) && wanted < desired
                && now - lastScaleIn >= policy.scaleInCooldown().toSeconds()) {
            lastScaleIn = now;
            return wanted;
        }
        return desired;
    }

    private boolean last(int count, java.util.function.DoublePredicate holds) {
        return datapoints.size() >= count
                && datapoints.stream().skip(datapoints.size() - count).allMatch(holds::test);
    }
}
