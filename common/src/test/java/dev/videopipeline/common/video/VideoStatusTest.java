package dev.videopipeline.common.video;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VideoStatusTest {

    /** The whole machine: every legal transition, and so by omission every illegal one. */
    private static final List<String> LEGAL = List.of(
            "UPLOADING->UPLOADED",
            "UPLOADED->ENCODING",
            "UPLOADED->FAILED",
            "ENCODING->ENCODING",
            "ENCODING->READY",
            "ENCODING->FAILED",
            "FAILED->UPLOADED");

    @Test
    void exactlyTheDesignedTransitionsAreLegal() {
        List<String> legal = new ArrayList<>();
        for (VideoStatus from : VideoStatus.values()) {
            for (VideoStatus to : VideoStatus.values()) {
                if (from.canBecome(to)) {
                    legal.add(from + "->" + to);
                }
            }
        }

        assertThat(legal).containsExactlyInAnyOrderElementsOf(LEGAL);
    }

    @ParameterizedTest
    @CsvSource({"UPLOADING, false", "UPLOADED, false", "ENCODING, false", "READY, true", "FAILED, true"})
    void onlyOutcomesAreFinal(VideoStatus status, boolean isFinal) {
        assertThat(status.isFinal()).isEqualTo(isFinal);
    }
}
