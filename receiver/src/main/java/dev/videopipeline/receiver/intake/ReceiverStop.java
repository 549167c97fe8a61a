package dev.videopipeline.receiver.intake;

import jakarta.inject.Singleton;

import java.time.Instant;

/**
 * Whether the receiver is stopping (SIGTERM), and when uploads still in progress are cut off. The
 * streaming path's drain sets it; health reads it, so that the load balancer stops sending uploads
 * here as soon as the stop begins.
 */
@Singleton
public class ReceiverStop {

    private volatile Instant cutOffAt;

    public void begin(Instant cutOffAt) {
        this.cutOffAt = cutOffAt;
    }

    public boolean stopping() {
        return cutOffAt != null;
    }

    /** @return whether uploads in progress at {@code now} are past the stop's grace */
    public boolean pastCutOff(Instant now) {
        Instant cutOff = cutOffAt;
        return cutOff != null && now.isAfter(cutOff);
    }
}
