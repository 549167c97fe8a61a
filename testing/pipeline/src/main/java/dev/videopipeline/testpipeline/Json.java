package dev.videopipeline.testpipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/** The API's answers read as JSON, not matched as text. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first string field named {@code name}, in document order at any depth (a video's
     * {@code status}, a problem's {@code detail}, a ticket's {@code url}); null when there is none.
     */
    public static String text(String json, String name) {
        return text(parse(json), name);
    }

    public static String text(JsonNode node, String name) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                var field = fields.next();
                String found = field.getKey().equals(name) && field.getValue().isTextual()
                        ? field.getValue().textValue() : text(field.getValue(), name);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                String found = text(element, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
