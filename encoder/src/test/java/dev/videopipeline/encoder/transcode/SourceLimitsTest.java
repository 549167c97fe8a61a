package dev.videopipeline.encoder.transcode;

import dev.videopipeline.common.video.Probe;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceLimitsTest {

    private final SourceLimits limits = new SourceLimits(Duration.ofHours(2), 3840L * 2160);

    @Test
    void aPhoneVideoIsWithinTheLimits() {
        assertThatCode(() -> limits.check(probe(600, 1920, 1080))).doesNotThrowAnyException();
    }

    @Test
    void tooLongIsRefusedWithAReasonTheOwnerUnderstands() {
        assertThatThrownBy(() -> limits.check(probe(2 * 3600 + 1, 1280, 720)))
                .isInstanceOf(UnreadableSourceException.class)
                .hasMessage("The video is longer than the 2-hour limit.");
    }

    @Test
    void tooLargeAPictureIsRefused() {
        assertThatThrownBy(() -> limits.check(probe(10, 7680, 4320)))
                .isInstanceOf(UnreadableSourceException.class).hasMessageContaining("7680x4320");
    }

    @Test
    void noLengthIsRefused() {
        assertThatThrownBy(() -> limits.check(probe(0, 640, 360))).isInstanceOf(UnreadableSourceException.class);
    }

    @Test
    void noPictureSizeIsRefusedAtOnceNotRetried() {
        assertThatThrownBy(() -> limits.check(probe(10, 0, 0)))
                .isInstanceOf(UnreadableSourceException.class)
                .hasMessage("The video has no picture size we can read.");
    }

    private static Probe probe(double seconds, int width, int height) {
        return Probe.of(seconds, width, height, "h264", "aac", 0, 30);
    }
}
