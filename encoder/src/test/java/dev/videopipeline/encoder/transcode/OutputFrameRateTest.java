package dev.videopipeline.encoder.transcode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class OutputFrameRateTest {

    @ParameterizedTest(name = "base {0}, average {1} -> {2}")
    @CsvSource({
            "30, 30, 30",          // constant frame rate
            "30, 16.75, 30",       // variable: the grid of its fastest part
            "29.97, 29.97, 29.97",
            "1000, 25, 25",        // a container's time base posing as a rate
            "120, 120, 60",        // slow motion: capped
            "0, 24, 24",
            "0, 0, 30",            // nothing declared
            "NaN, NaN, 30"})
    void outputGridFollowsTheSourcesBaseRateWithinBounds(double base, double average, double expected) {
        assertThat(RungEncoder.outputFrameRate(base, average)).isEqualTo(expected);
    }
}
