package dev.videopipeline.receiver.auth;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

/**
 * Only a token with an address its identity provider verified signs in: {@code email} present and
 * {@code email_verified} {@code true}. Missing counts as not verified: anyone could type someone
 * else's address. Checked for every token, so no endpoint can forget it.
 */
@Singleton
public class VerifiedAddressOnly<T> implements GenericJwtClaimsValidator<T> {

    @Override
    public boolean validate(@NonNull Claims claims, @Nullable T request) {
        Object verified = claims.get("email_verified");
        return claims.get("email") instanceof String address && address.contains("@")
                && (Boolean.TRUE.equals(verified) || "true".equals(verified));
    }
}
