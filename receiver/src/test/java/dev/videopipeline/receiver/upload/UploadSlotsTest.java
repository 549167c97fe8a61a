package dev.videopipeline.receiver.upload;

import dev.videopipeline.receiver.intake.UploadSettings;
import dev.videopipeline.receiver.problem.ApiProblem;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UploadSlotsTest {

    private final UploadSlots slots = new UploadSlots(settings(3), 1L << 30);

    /** 8 MiB parts, 2 in flight: 24 MiB of buffers per upload. */
    private static UploadSettings settings(int maxConcurrent) {
        return new UploadSettings(1L << 30, 8 << 20, 2, Duration.ofHours(1), 100L << 20, 64L << 20,
                Duration.ofMinutes(15), maxConcurrent, 2, 65536, Duration.ofSeconds(30), Duration.ofHours(3),
                Duration.ofSeconds(45));
    }

    @Test
    void aSmallHeapRunsFewerUploadsThanConfiguredSoTheirBuffersTakeAtMostHalfOfIt() {
        var small = new UploadSlots(settings(16), 128L << 20); // 64 MiB for buffers: 2 uploads of 24 MiB

        small.acquire("ann");
        small.acquire("bob");
        assertThatThrownBy(() -> small.acquire("cy")).isInstanceOf(ApiProblem.class)
                .satisfies(e -> assertThat(((ApiProblem) e).status().getCode()).isEqualTo(503));
    }

    @Test
    void aHeapTooSmallForOneUploadStopsTheReceiverAtStartup() {
        assertThatThrownBy(() -> new UploadSlots(settings(16), 40L << 20)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("more than half the heap");
    }

    @Test
    void oneOwnerHoldsAtMostTheirShareOfTheSlots() {
        slots.acquire("ann");
        slots.acquire("ann");

        assertThatThrownBy(() -> slots.acquire("ann")).isInstanceOf(ApiProblem.class)
                .satisfies(e -> assertThat(((ApiProblem) e).status().getCode()).isEqualTo(429));
        slots.acquire("bob");
        assertThat(slots.inUse()).isEqualTo(3);
    }

    @Test
    void aFullReceiverIsBusyForEveryoneAndARefusalHoldsNothing() {
        slots.acquire("ann");
        slots.acquire("bob");
        slots.acquire("cy");

        assertThatThrownBy(() -> slots.acquire("dee")).isInstanceOf(ApiProblem.class)
                .satisfies(e -> assertThat(((ApiProblem) e).status().getCode()).isEqualTo(503));
        slots.release("cy");
        slots.acquire("dee");
        assertThat(slots.inUse()).isEqualTo(3);
    }

    @Test
    void aReleasedSlotIsTheOwnersAgain() {
        slots.acquire("ann");
        slots.acquire("ann");
        slots.release("ann");

        slots.acquire("ann");
        assertThat(slots.inUse()).isEqualTo(2);
    }
}
