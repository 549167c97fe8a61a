package dev.videopipeline.encoder.transcode;

import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;

import java.nio.ShortBuffer;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentClockTest {

    @Test
    void picturesWhoseClockStandsStillCountAtTheFrameRate() {
        var clock = new ContentClock(25, Duration.ofSeconds(10), "10-second");
        Frame picture = picture(0);

        // 12 s of pictures with the same timestamp: the limit and a tenth, plus a second, is 12 s.
        assertThatCode(() -> repeat(clock, picture, 12 * 25)).doesNotThrowAnyException();
        assertThatThrownBy(() -> clock.count(picture)).isInstanceOf(UnreadableSourceException.class)
                .hasMessage("The video is longer than the 10-second limit.");
    }

    @Test
    void aClockThatRestartsCountsEverySegment() {
        var clock = new ContentClock(25, Duration.ofSeconds(10), "10-second");
        // Segments of 4 s, each starting again at 0, as spliced transport streams do.
        assertThatCode(() -> {
            for (int segment = 0; segment < 2; segment++) {
                for (int i = 0; i < 100; i++) {
                    clock.count(picture(i * 40_000L));
                }
            }
        }).doesNotThrowAnyException();
        // A third, longer segment takes it past 12 s.
        assertThatThrownBy(() -> {
            for (int i = 0; i < 150; i++) {
                clock.count(picture(i * 40_000L));
            }
        }).isInstanceOf(UnreadableSourceException.class);
    }

    @Test
    void aClockThatBarelyMovesOrLeapsCountsBetweenA240thOfASecondAndOneSecondAPicture() {
        // A bogus rate and pictures a microsecond apart: still at most 240 pictures a counted second.
        var creeping = new ContentClock(1_000_000, Duration.ofSeconds(10), "10-second");
        assertThatCode(() -> countSteps(creeping, 0, 1, 2800)).doesNotThrowAnyException();
        assertThatThrownBy(() -> countSteps(creeping, 2800, 1, 200)).isInstanceOf(UnreadableSourceException.class);

        var leaping = new ContentClock(25, Duration.ofSeconds(10), "10-second");
        assertThatCode(() -> countSteps(leaping, 0, 3_600_000_000L, 11)).as("an hour a picture counts as a second")
                .doesNotThrowAnyException();
    }

    private static void countSteps(ContentClock clock, long from, long stepMicros, int pictures) {
        for (int i = 0; i < pictures; i++) {
            clock.count(picture((from + i) * stepMicros));
        }
    }

    private static Frame picture(long timestampMicros) {
        Frame picture = new Frame(2, 2, Frame.DEPTH_UBYTE, 3);
        picture.timestamp = timestampMicros;
        return picture;
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
