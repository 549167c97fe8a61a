package dev.videopipeline.loadtest.scaling;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Encode times resampled from measured ones (the scale-out experiment's), every one multiplied by
 * the same factor so that their mean is the policy's mean encode time: the measured spread at
 * production's mean. Used as measured they would be the wrong size: the experiment encodes short
 * clips on a shared development machine, not production's videos on an encoder task.
 *
 * @param measuredSeconds the measured encode times
 * @param mean            the mean the draws have: the policy's mean encode time
 * @param source          where the measured times come from, for the report
 */
record MeasuredEncodeTimes(List<Double> measuredSeconds, Duration mean, String source) implements EncodeTimes {

    MeasuredEncodeTimes {
        if (measuredSeconds.isEmpty() || measuredSeconds.stream().anyMatch(s -> !(s > 0))) {
            throw new IllegalArgumentException("measured encode times must be positive, at least one: " + source);
        }
        measuredSeconds = List.copyOf(measuredSeconds);
    }

    /** What every measured time is multiplied by. */
    double scale() {
        return mean.toMillis() / 1000.0 / measuredMean();
    }

    double measuredMean() {
        return measuredSeconds.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** Standard deviation ÷ mean: the spread, whatever the scale (a lognormal with σ 0.5 has 0.53). */
    double coefficientOfVariation() {
        double m = measuredMean();
        double variance = measuredSeconds.stream().mapToDouble(s -> (s - m) * (s - m)).sum() / measuredSeconds.size();
        return Math.sqrt(variance) / m;
    }

    @Override
    public long draw(Random random) {
        return Math.max(1, Math.round(measuredSeconds.get(random.nextInt(measuredSeconds.size())) * scale()));
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "encode times resampled from %d measured in %s (mean %.2f s, coefficient of "
                        + "variation %.2f), each scaled ×%.1f so their mean is the policy's %s",
                measuredSeconds.size(), source, measuredMean(), coefficientOfVariation(), scale(), mean);
    }
}
