package dev.videopipeline.common.video;

import java.util.Locale;

/**
 * Who a video belongs to. {@code id} is the identity token's {@code sub}: it never changes and is
 * never given to anyone else, so it is the key of everything an owner has. {@code email} is where
 * their mail goes and what the page shows; a person who later signs up with a deleted account's
 * address gets a new {@code id}, and none of that account's videos.
 */
public record Owner(String id, String email) {

    public Owner {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an owner needs an id");
        }
        email = normalize(email);
    }

    /** Addresses are compared as mail systems do in practice: case and surrounding space do not count. */
    public static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
