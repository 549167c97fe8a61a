package dev.videopipeline.common.video;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class VideoStatusTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "UPLOADING, UPLOADED, true",
            "UPLOADING, FAILED,   false",
            "UPLOADING, ENCODING, false",
            "UPLOADING, READY,    false",
            "UPLOADED,  ENCODING, true",
            "UPLOADED,  FAILED,   true",
            "UPLOADED,  READY,    false",
            "UPLOADED,  UPLOADING, false",
            "ENCODING,  ENCODING, true",
            "ENCODING,  READY,    true",
            "ENCODING,  FAILED,   true",
            "ENCODING,  UPLOADED, false",
            "READY,     FAILED,   false",
            "READY,     ENCODING, false",
            "FAILED,    ENCODING, false",
            "FAILED,    READY,    false",
    })
    void transitionTable(VideoStatus from, VideoStatus to, boolean legal) {
        assertThat(from.canBecome(to)).isEqualTo(legal);
    }

    @ParameterizedTest
    @CsvSource({"UPLOADING, false", "UPLOADED, false", "ENCODING, false", "READY, true", "FAILED, true"})
    void onlyOutcomesAreFinal(VideoStatus status, boolean isFinal) {
        assertThat(status.isFinal()).isEqualTo(isFinal);
    }
}
