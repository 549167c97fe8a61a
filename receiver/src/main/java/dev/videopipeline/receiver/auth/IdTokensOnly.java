package dev.videopipeline.receiver.auth;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

/**
 * Only ID tokens sign in: {@code token_use} must say {@code id}. A Cognito access token is signed by
 * the same keys and issuer, but carries no verified address and is meant for other audiences; a
 * token that does not say what it is is refused too.
 */
@Singleton
public class IdTokensOnly<T> implements GenericJwtClaimsValidator<T> {

    @Override
    public boolean validate(@NonNull Claims claims, @Nullable T request) {
        return "id".equals(claims.get("token_use"));
    }
}
