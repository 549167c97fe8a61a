package dev.videopipeline.encoder.transcode;

import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;

import java.nio.ShortBuffer;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentClockTest {

    @Test
    void picturesCountAtTheFrameRateWhateverTheirTimestamps() {
        var clock = new ContentClock(25, Duration.ofSeconds(10), "10-second");
        Frame picture = new Frame(2, 2, Frame.DEPTH_UBYTE, 3);
        picture.timestamp = 0;

        // 12 s of pictures with the same timestamp: the limit and a tenth, plus a second, is 12 s.
        assertThatCode(() -> repeat(clock, picture, 12 * 25)).doesNotThrowAnyException();
        assertThatThrownBy(() -> clock.count(picture)).isInstanceOf(UnreadableSourceException.class)
                .hasMessage("The video is longer than the 10-second limit.");
    }

    @Test
    void soundCountsBySamplesInterleavedOrPlanar() {
        var interleaved = new ContentClock(25, Duration.ofSeconds(10), "10-second");
        Frame stereo = sound(2, 48_000 * 2, 1);
        assertThatCode(() -> repeat(interleaved, stereo, 12)).doesNotThrowAnyException();
        assertThatThrownBy(() -> interleaved.count(stereo)).isInstanceOf(UnreadableSourceException.class);

        var planar = new ContentClock(25, Duration.ofSeconds(10), "10-second");
        Frame twoPlanes = sound(2, 48_000, 2);
        assertThatCode(() -> repeat(planar, twoPlanes, 12)).doesNotThrowAnyException();
        assertThatThrownBy(() -> planar.count(twoPlanes)).isInstanceOf(UnreadableSourceException.class);
    }

    private static void repeat(ContentClock clock, Frame frame, int times) {
        for (int i = 0; i < times; i++) {
            clock.count(frame);
        }
    }

    /** One second of sound at 48 kHz, in {@code buffers} buffers of {@code samplesEach} samples. */
    private static Frame sound(int channels, int samplesEach, int buffers) {
        Frame frame = new Frame();
        frame.sampleRate = 48_000;
        frame.audioChannels = channels;
        frame.samples = new ShortBuffer[buffers];
        for (int i = 0; i < buffers; i++) {
            frame.samples[i] = ShortBuffer.allocate(samplesEach);
        }
        return frame;
    }
}
