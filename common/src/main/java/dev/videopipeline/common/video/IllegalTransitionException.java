package dev.videopipeline.common.video;

/** A writer asked for a transition the status machine does not have: a bug, never retried. */
public class IllegalTransitionException extends IllegalStateException {

    public IllegalTransitionException(VideoStatus from, VideoStatus to) {
        super("no transition " + from + " -> " + to);
    }
}
