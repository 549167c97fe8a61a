package dev.videopipeline.receiver.auth;

import dev.videopipeline.common.video.Owner;
import io.micronaut.security.authentication.Authentication;

/**
 * Who is calling: the owner named by the bearer token's {@code sub}, with the address in its
 * {@code email}. The token was refused already unless it is an ID token ({@link IdTokensOnly})
 * with a subject and a verified address ({@link VerifiedAddressOnly}). No request names an owner itself.
 */
public final class Caller {

    private Caller() {
    }

    public static Owner of(Authentication caller) {
        return new Owner(caller.getName(), (String) caller.getAttributes().get("email"));
    }
}
