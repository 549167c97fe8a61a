package dev.videopipeline.local;

/** ANSI colours when the output is a terminal and NO_COLOR is not set (no-color.org). */
final class Console {

    private static final boolean COLOUR = System.console() != null && System.getenv("NO_COLOR") == null;

    private Console() {
    }

    static String colour(String ansiCode, String text) {
        return COLOUR ? "\u001b[" + ansiCode + "m" + text + "\u001b[0m" : text;
    }
}
