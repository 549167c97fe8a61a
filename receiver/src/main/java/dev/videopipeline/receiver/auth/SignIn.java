package dev.videopipeline.receiver.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What the web page needs to get a token: {@code dev} (POST /dev/tokens with an address) or
 * {@code hosted-ui} (OAuth 2 sign-in at {@code url} as {@code clientId}).
 */
@Serdeable
public record SignIn(String method, @Nullable String url, @Nullable String clientId) {

    static SignIn of(AuthSettings settings, boolean devTokens) {
        return devTokens ? new SignIn("dev", "/dev/tokens", null)
                : new SignIn("hosted-ui", settings.signInUrl(), settings.clientId());
    }
}
