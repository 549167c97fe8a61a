package dev.videopipeline.encoder.transcode;

import dev.videopipeline.testclips.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SourceProbeTest {

    private final SourceProbe probe = new SourceProbe();

    @TempDir
    Path dir;

    @Test
    void landscapeClipWithSound() {
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 2, 320, 240, true, 0);

        var result = probe.probe(TestSources.of(clip));

        assertThat(result.durationSeconds()).isCloseTo(2.0, within(0.1));
        assertThat(result.width()).isEqualTo(320);
        assertThat(result.height()).isEqualTo(240);
        assertThat(result.videoCodec()).isEqualTo("h264");
        assertThat(result.audioCodec()).isEqualTo("aac");
        assertThat(result.rotation()).isZero();
        assertThat(result.frameRate()).isCloseTo(25, within(0.01));
    }

    @Test
    void phoneHeldUprightIsShownInPortrait() {
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 1, 320, 240, true, -90);

        var result = probe.probe(TestSources.of(clip));

        assertThat(result.rotation()).isEqualTo(90);
        assertThat(result.displayWidth()).isEqualTo(240);
        assertThat(result.displayHeight()).isEqualTo(320);
    }

    @Test
    void silentClipHasNoAudioCodec() {
        Path clip = TestClips.write(dir, TestClips.Kind.MKV, 1, 320, 240, false, 0);

        assertThat(probe.probe(TestSources.of(clip)).audioCodec()).isNull();
    }

    @Test
    void whatIsNotAVideoIsAPermanentFailureWithAReason() throws IOException {
        Path text = Files.writeString(dir.resolve("movie.mp4"), "not a video at all");
        Path empty = Files.createFile(dir.resolve("empty.mp4"));

        assertThatThrownBy(() -> probe.probe(TestSources.of(text))).isInstanceOf(UnreadableSourceException.class)
                .hasMessage("The file is not a video we can read.");
        assertThatThrownBy(() -> probe.probe(TestSources.of(empty))).isInstanceOf(UnreadableSourceException.class);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "-90, 90", "90, 270", "180, 180", "-180, 180", "270, 90", "-270, 270", "-89.99, 90"})
    void displayMatrixTurnsBecomeClockwiseQuarterTurns(double displayRotation, int clockwise) {
        assertThat(SourceProbe.clockwise(displayRotation)).isEqualTo(clockwise);
    }
}
