package dev.videopipeline.receiver.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;

@Controller("/auth/sign-in")
@Secured(SecurityRule.IS_ANONYMOUS)
public class SignInController {

    private final SignIn signIn;

    public SignInController(AuthSettings settings, @Nullable DevTokens devTokens) {
        this.signIn = SignIn.of(settings, devTokens != null);
    }

    @Operation(summary = "How to get a bearer token for this API")
    @Get
    SignIn get() {
        return signIn;
    }
}
