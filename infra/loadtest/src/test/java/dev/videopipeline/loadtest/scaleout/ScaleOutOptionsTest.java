package dev.videopipeline.loadtest.scaleout;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScaleOutOptionsTest {

    @Test
    void defaultsAreOneThenTwoEncodersOnPortsFrom19080() {
        var options = ScaleOutOptions.parse(new String[0]);

        assertThat(options.encoders()).containsExactly(1, 2);
        assertThat(options.port()).isEqualTo(19080);
    }

    @Test
    void theCommandRepeatsTheRun() {
        var options = ScaleOutOptions.parse(new String[]{"--encoders", "1, 2,3", "--videos", "12", "--clip-seconds", "2.5",
                "--size", "640x360", "--port", "19100"});

        assertThat(options.encoders()).isEqualTo(List.of(1, 2, 3));
        assertThat(options.command())
                .isEqualTo("infra/loadtest/scaleout --encoders 1,2,3 --videos 12 --clip-seconds 2.5 --size 640x360 --port 19100");
        assertThat(ScaleOutOptions.parse(options.command().replaceFirst("^\\S+ ", "").split(" "))).isEqualTo(options);
    }

    @Test
    void aWholeVideoRunGoesFirstWithChunkingOffAndThePinningAndChunkSettingsRepeat() {
        var options = ScaleOutOptions.parse(new String[]{"--encoders", "1,2", "--videos", "1", "--pin", "--compare-whole",
                "--chunk-threshold", "30", "--chunk-seconds", "10", "--fps", "30"});

        assertThat(options.runs()).extracting(ScaleOutOptions.Run::label).containsExactly("1-whole", "1", "2");
        assertThat(options.environment(options.runs().get(0))).containsEntry("ENCODER_CHUNKING_ENABLED", "false")
                .containsEntry("ENCODER_CHUNKING_CHUNK_LENGTH", "10s");
        assertThat(options.environment(options.runs().get(2))).doesNotContainKey("ENCODER_CHUNKING_ENABLED")
                .containsEntry("ENCODER_CHUNKING_THRESHOLD", "30s");
        assertThat(ScaleOutOptions.parse(options.command().replaceFirst("^\\S+ ", "").split(" "))).isEqualTo(options);
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> ScaleOutOptions.parse(new String[]{"--encoders", "0"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScaleOutOptions.parse(new String[]{"--videos"}))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> ScaleOutOptions.parse(new String[]{"--size", "720p"}))
                .hasMessageContaining("WIDTHxHEIGHT");
        assertThatThrownBy(() -> ScaleOutOptions.parse(new String[]{"--fps", "29"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScaleOutOptions.parse(new String[]{"--fast"}))
                .hasMessageContaining("unknown option");
    }
}
