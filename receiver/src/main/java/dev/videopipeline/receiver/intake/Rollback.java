package dev.videopipeline.receiver.intake;

/**
 * Undoes what a failed upload stored. Every step runs even when an earlier one fails, and their
 * failures travel as suppressed exceptions of the original error, which is what the client hears.
 */
public final class Rollback {

    private Rollback() {
    }

    public static void undo(RuntimeException cause, Runnable... steps) {
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException failed) {
                cause.addSuppressed(failed);
            }
        }
    }
}
