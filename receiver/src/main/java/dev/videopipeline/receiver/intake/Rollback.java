package dev.videopipeline.receiver.intake;

/**
 * Undoes what a failed upload stored. Every step runs even when an earlier one fails, and their
 * failures travel as suppressed exceptions of the original error, which is what the client hears.
 * An interrupted thread (a receiver stopping) undoes all the same: the SDK's blocking calls refuse
 * to start on one, so the flag is put aside while the steps run and set again after.
 */
public final class Rollback {

    private Rollback() {
    }

    public static void undo(RuntimeException cause, Runnable... steps) {
        boolean interrupted = Thread.interrupted();
        try {
            for (Runnable step : steps) {
                try {
                    step.run();
                } catch (RuntimeException failed) {
                    cause.addSuppressed(failed);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
