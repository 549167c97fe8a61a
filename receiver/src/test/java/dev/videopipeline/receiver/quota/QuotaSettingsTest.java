package dev.videopipeline.receiver.quota;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuotaSettingsTest {

    private static final long MAX_UPLOAD = 5L << 30;

    @Test
    void defaultsHoldTogether() {
        assertThatCode(() -> settings(50L << 30, 10).requireRoomFor(MAX_UPLOAD)).doesNotThrowAnyException();
    }

    @Test
    void aDaysAllowanceMustTakeTheLargestFile() {
        assertThatThrownBy(() -> settings(MAX_UPLOAD - 1, 10).requireRoomFor(MAX_UPLOAD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pipeline.upload.max-bytes");
    }

    @Test
    void theVideosInFlightMustFitInOneBatchRead() {
        assertThatThrownBy(() -> settings(50L << 30, 101))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 100");
    }

    private static QuotaSettings settings(long bytesPerDay, int videosInFlight) {
        return new QuotaSettings(bytesPerDay, videosInFlight, Duration.ofMinutes(1), 14400, 3);
    }
}
