package dev.videopipeline.loadtest.scaling;

import java.time.Duration;
import java.util.Random;

/** How long each simulated encode takes: one draw per job, from the simulation's random source. */
interface EncodeTimes {

    /** @return seconds, at least 1 */
    long draw(Random random);

    /** As the report's header says it. */
    String describe();

    /** Lognormal around {@code mean} with shape {@code sigma}: the assumption when nothing was measured. */
    static EncodeTimes lognormal(Duration mean, double sigma) {
        double mu = Math.log(mean.toSeconds()) - sigma * sigma / 2;
        return new EncodeTimes() {
            @Override
            public long draw(Random random) {
                return Math.max(1, Math.round(Math.exp(mu + sigma * random.nextGaussian())));
            }

            @Override
            public String describe() {
                return "encode times lognormal around the mean (σ " + sigma + ")";
            }
        };
    }
}
