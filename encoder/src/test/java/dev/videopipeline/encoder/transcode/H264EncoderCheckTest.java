package dev.videopipeline.encoder.transcode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class H264EncoderCheckTest {

    @Test
    void theBundledFfmpegHasLibx264() {
        assertThatCode(() -> H264EncoderCheck.require(H264EncoderCheck.ENCODER)).doesNotThrowAnyException();
    }

    @Test
    void aMissingEncoderStopsTheStart() {
        assertThatThrownBy(() -> H264EncoderCheck.require("libx264-that-is-not-there"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("GPL build");
    }
}
