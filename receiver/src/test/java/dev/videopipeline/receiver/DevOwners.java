package dev.videopipeline.receiver;

import dev.videopipeline.common.video.Owner;
import dev.videopipeline.receiver.auth.DevTokens;

/** The owner a dev token for an address signs in as: what a test's own items must be owned by. */
public final class DevOwners {

    private DevOwners() {
    }

    public static Owner of(String email) {
        return new Owner(DevTokens.subjectOf(email), email);
    }
}
