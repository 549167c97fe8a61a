package dev.videopipeline.receiver.intake;

import dev.videopipeline.common.video.Owner;
import dev.videopipeline.common.video.Video;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * A video as it arrives, by either upload path: the id the receiver gives it (the only place ids
 * are made), whose it is, and what the client told us besides its bytes, cleaned: the title and
 * file name without paths and without control, format (bidi) or line separator characters, which
 * would otherwise reach web pages and mails. The file name is metadata only; it never becomes part
 * of a key.
 */
public record NewVideo(String id, Owner owner, @Nullable String title, @Nullable String originalFilename) {

    private static final int MAX_FILENAME = 255;

    public static NewVideo of(Owner owner, @Nullable String title, @Nullable String filename) {
        return new NewVideo(UUID.randomUUID().toString(), owner, clean(title), clean(baseName(filename)));
    }

    /** The item it starts as: UPLOADING, with the size the client declared, if it did. */
    public Video uploading(@Nullable Long declaredSize, Instant now) {
        return Video.uploading(id, owner, title, originalFilename, declaredSize, now);
    }

    private static String baseName(String filename) {
        if (filename == null) {
            return null;
        }
        String name = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
        return name.codePointCount(0, name.length()) > MAX_FILENAME
                ? name.substring(0, name.offsetByCodePoints(0, MAX_FILENAME)) : name;
    }

    private static String clean(String text) {
        if (text == null) {
            return null;
        }
        // Control and format characters (C0, C1, bidi overrides such as U+202E) and line separators.
        String cleaned = text.replaceAll("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]", "").strip();
        return cleaned.isEmpty() ? null : cleaned;
    }
}
