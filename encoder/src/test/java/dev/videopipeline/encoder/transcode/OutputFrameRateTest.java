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
        assertThat(RungEncoder.outputFrameRate(base, average, false)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "interlaced, base {0}, average {1} -> {2}")
    @CsvSource({
            "50, 25, 25",          // 1080i: the base is the field rate, a picture a frame once deinterlaced
            "59.94, 29.97, 29.97",
            "25, 25, 25",
            "30, 16.75, 30"})      // not a field rate: as for progressive video
    void interlacedStreamsFieldRateIsNotTheirGrid(double base, double average, double expected) {
        assertThat(RungEncoder.outputFrameRate(base, average, true)).isEqualTo(expected);
    }
}
