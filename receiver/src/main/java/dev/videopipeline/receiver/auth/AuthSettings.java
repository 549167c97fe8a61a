package dev.videopipeline.receiver.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Where the web page signs people in when there are no {@link DevTokens}.
 *
 * @param signInUrl the identity provider's hosted sign-in (the Cognito domain)
 * @param clientId  the app client the web page signs in as
 */
@ConfigurationProperties("pipeline.auth")
public record AuthSettings(@Nullable String signInUrl, @Nullable String clientId) {
}
