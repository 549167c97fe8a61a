package dev.videopipeline.receiver.auth;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;

/** Local sign-in: a token for the address given, with no password. Exists only with {@link DevTokens}. */
@Controller("/dev/tokens")
@Requires(beans = DevTokens.class)
@Secured(SecurityRule.IS_ANONYMOUS)
public class DevTokenController {

    private final DevTokens tokens;

    public DevTokenController(DevTokens tokens) {
        this.tokens = tokens;
    }

    @Operation(summary = "Local only: a bearer token for any address")
    @Post
    DevToken issue(@Body @Valid DevTokenRequest request) {
        return tokens.issue(request.email());
    }
}
