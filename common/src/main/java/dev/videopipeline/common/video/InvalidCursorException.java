package dev.videopipeline.common.video;

/** A listing cursor that this service did not produce. */
public class InvalidCursorException extends IllegalArgumentException {

    public InvalidCursorException() {
        super("the cursor is not one this service returned");
    }
}
