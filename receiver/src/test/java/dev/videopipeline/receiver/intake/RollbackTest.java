package dev.videopipeline.receiver.intake;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RollbackTest {

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void everyStepRunsAndTheirFailuresTravelWithTheCause() {
        var cause = new IllegalStateException("upload cut");
        List<String> ran = new ArrayList<>();

        Rollback.undo(cause, () -> ran.add("abort"), () -> {
            throw new IllegalStateException("delete failed");
        }, () -> ran.add("give back"));

        assertThat(ran).containsExactly("abort", "give back");
        assertThat(cause.getSuppressed()).extracting(Throwable::getMessage).containsExactly("delete failed");
    }

    @Test
    void anInterruptedThreadStillUndoesWithTheFlagPutAsideAndSetAgainAfter() {
        List<Boolean> interruptedDuringStep = new ArrayList<>();
        Thread.currentThread().interrupt();

        Rollback.undo(new IllegalStateException("receiver stopping"),
                () -> interruptedDuringStep.add(Thread.currentThread().isInterrupted()));

        assertThat(interruptedDuringStep).containsExactly(false);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }
}
