package dev.videopipeline.receiver.auth;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** A bearer token issued by {@link DevTokens}, and until when it holds. */
@Serdeable
public record DevToken(String token, Instant expiresAt) {
}
