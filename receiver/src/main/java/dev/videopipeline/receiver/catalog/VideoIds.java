package dev.videopipeline.receiver.catalog;

/** Video ids are UUIDs the receiver makes; anything else in a path is refused before any lookup. */
public final class VideoIds {

    public static final String PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    public static final String MESSAGE = "is not a video id";

    private VideoIds() {
    }
}
