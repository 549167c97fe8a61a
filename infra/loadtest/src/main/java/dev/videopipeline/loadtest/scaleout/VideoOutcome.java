package dev.videopipeline.loadtest.scaleout;

import java.time.Duration;
import java.time.Instant;

/**
 * One video of a burst.
 *
 * @param accepted when its upload's 202 came back
 * @param finished when a poll first saw it READY or FAILED
 * @param ready    READY (false: FAILED)
 */
record VideoOutcome(String id, Instant accepted, Instant finished, boolean ready) {

    double uploadToFinishedSeconds() {
        return Duration.between(accepted, finished).toMillis() / 1000.0;
    }
}
