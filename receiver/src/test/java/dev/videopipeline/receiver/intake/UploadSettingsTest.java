package dev.videopipeline.receiver.intake;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UploadSettingsTest {

    private static final int PART = 8 * 1024 * 1024;

    @Test
    void defaultsHoldTogether() {
        assertThatCode(() -> settings(5L << 30, PART, Duration.ofHours(1), Duration.ofHours(3))).doesNotThrowAnyException();
    }

    @Test
    void uploadsMayNotBeSweptWhileTheirUrlsStillWork() {
        assertThatThrownBy(() -> settings(5L << 30, PART, Duration.ofHours(3), Duration.ofHours(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("abandon-after");
    }

    @Test
    void theLimitMustFitInTenThousandParts() {
        assertThatThrownBy(() -> settings(10_000L * PART + 1, PART, Duration.ofHours(1), Duration.ofHours(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10,000 parts");
    }

    private static UploadSettings settings(long maxBytes, int partSize, Duration presignExpiry, Duration abandonAfter) {
        return new UploadSettings(maxBytes, partSize, 2, presignExpiry, 100L << 20, 64L << 20, Duration.ofMinutes(15),
                16, 2, 65536, Duration.ofSeconds(30), abandonAfter, Duration.ofSeconds(20));
    }
}
