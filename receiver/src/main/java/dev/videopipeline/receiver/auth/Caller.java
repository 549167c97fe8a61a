package dev.videopipeline.receiver.auth;

import dev.videopipeline.common.video.OwnerEmail;
import dev.videopipeline.receiver.problem.ApiProblem;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;

/**
 * Who is calling: the verified address in the bearer token's {@code email} claim. It owns what the
 * caller uploads, and it is the only key to a video: no request names an owner itself.
 */
public final class Caller {

    private Caller() {
    }

    public static String email(Authentication caller) {
        Object email = caller.getAttributes().get("email");
        // Cognito marks an address it has not confirmed; anyone could type someone else's.
        boolean unverified = Boolean.FALSE.equals(caller.getAttributes().get("email_verified"))
                || "false".equals(caller.getAttributes().get("email_verified"));
        if (!(email instanceof String address) || address.isBlank() || !address.contains("@") || unverified) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "No verified email",
                    "The token carries no verified email address, which is what owns videos here.");
        }
        return OwnerEmail.normalize(address);
    }
}
