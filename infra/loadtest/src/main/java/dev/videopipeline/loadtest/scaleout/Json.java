package dev.videopipeline.loadtest.scaleout;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few string fields the experiment reads from the API's answers. */
final class Json {

    private Json() {
    }

    /** The first string field with that name, or null. */
    static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return matcher.find() ? matcher.group(1) : null;
    }
}
