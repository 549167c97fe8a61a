package dev.videopipeline.common.video;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The opaque cursor of an owner listing: the owner index's last evaluated key, minus the owner
 * (the caller names it again), base64url-encoded. Clients must not parse it.
 */
final class PageCursor {

    private static final String VERSION = "v1";

    private PageCursor() {
    }

    static String encode(Map<String, AttributeValue> lastEvaluatedKey) {
        String raw = VERSION + "|" + lastEvaluatedKey.get("createdAt").s() + "|" + lastEvaluatedKey.get("id").s();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, AttributeValue> decode(String cursor, String owner) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException();
        }
        if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new InvalidCursorException();
        }
        return Map.of(
                "owner", AttributeValue.fromS(owner),
                "createdAt", AttributeValue.fromS(parts[1]),
                "id", AttributeValue.fromS(parts[2]));
    }
}
