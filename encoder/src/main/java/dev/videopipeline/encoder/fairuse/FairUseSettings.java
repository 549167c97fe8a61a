package dev.videopipeline.encoder.fairuse;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.time.Duration;

/**
 * What one owner may have the encoder fleet do ({@code pipeline.quota.*}, shared with the receiver).
 *
 * @param encodesAtOnce       an owner's encodes running at once; their other requests wait their turn
 * @param busyOwnerWait       how long a request over its owner's limit waits before it is looked at again
 * @param sourceSecondsPerDay seconds of source an owner may have encoded per UTC day
 */
@ConfigurationProperties("pipeline.quota")
public record FairUseSettings(@Positive int encodesAtOnce, @NotNull Duration busyOwnerWait,
                              @Positive long sourceSecondsPerDay) {

    public FairUseSettings {
        if (busyOwnerWait.toSeconds() < 1 || busyOwnerWait.toSeconds() > 900) {
            // An SQS delivery delay: whole seconds, at most 15 minutes.
            throw new IllegalArgumentException("busy-owner-wait " + busyOwnerWait + " must be 1 s to 15 min");
        }
    }
}
