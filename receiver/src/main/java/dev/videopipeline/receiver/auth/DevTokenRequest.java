package dev.videopipeline.receiver.auth;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Whom to sign in as locally. */
@Serdeable
public record DevTokenRequest(@NotBlank @Email @Size(max = 254) String email) {
}
