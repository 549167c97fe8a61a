package dev.videopipeline.common.video;

import java.util.Locale;

/** Owners are found by address, so every writer and reader spells an address the same way. */
public final class OwnerEmail {

    private OwnerEmail() {
    }

    public static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
