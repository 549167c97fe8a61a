package dev.videopipeline.receiver.auth;

import dev.videopipeline.common.video.Owner;
import dev.videopipeline.receiver.problem.ApiProblem;
import io.micronaut.security.authentication.Authentication;

/**
 * Who is calling: the owner named by the bearer token's {@code sub}, with its verified address in
 * {@code email}. Every check fails closed: a token that does not say its address is verified is
 * refused, as is one without a subject. No request names an owner itself.
 */
public final class Caller {

    private Caller() {
    }

    public static Owner of(Authentication caller) {
        Object email = caller.getAttributes().get("email");
        Object verified = caller.getAttributes().get("email_verified");
        // Cognito marks an address it has not confirmed; anyone could type someone else's.
        boolean isVerified = Boolean.TRUE.equals(verified) || "true".equals(verified);
        if (!(email instanceof String address) || address.isBlank() || !address.contains("@") || !isVerified) {
            throw ApiProblem.forbidden("No verified email",
                    "The token carries no verified email address, which is where this service sends its mail.");
        }
        String subject = caller.getName();
        if (subject == null || subject.isBlank()) {
            throw ApiProblem.forbidden("No subject",
                    "The token names no subject (sub), which is what owns videos here.");
        }
        return new Owner(subject, address);
    }
}
