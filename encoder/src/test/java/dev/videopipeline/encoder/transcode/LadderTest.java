package dev.videopipeline.encoder.transcode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LadderTest {

    /** The default ladder of application.yml, listed out of order on purpose. */
    private static final List<RungSpec> SPECS = List.of(
            new RungSpec("480p", 480, 1400, 128),
            new RungSpec("1080p", 1080, 5000, 160),
            new RungSpec("360p", 360, 800, 96),
            new RungSpec("720p", 720, 2800, 128));

    @ParameterizedTest(name = "{0}x{1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "1920 | 1080 | 1080p 1920x1080, 720p 1280x720, 480p 854x480, 360p 640x360",
            "1080 | 1920 | 1080p 1080x1920, 720p 720x1280, 480p 480x854, 360p 360x640",
            "3840 | 2160 | 1080p 1920x1080, 720p 1280x720, 480p 854x480, 360p 640x360",
            "1280 | 720  | 720p 1280x720, 480p 854x480, 360p 640x360",
            "720  | 1280 | 720p 720x1280, 480p 480x854, 360p 360x640",
            "1440 | 1080 | 1080p 1440x1080, 720p 960x720, 480p 640x480, 360p 480x360",
            "640  | 480  | 480p 640x480, 360p 480x360",
            "1000 | 700  | 480p 686x480, 360p 514x360",
            "320  | 240  | 240p 320x240",
            "321  | 241  | 240p 320x240",
            "1921 | 1081 | 1080p 1920x1080, 720p 1280x720, 480p 852x480, 360p 640x360",
    })
    void picksRungsThatFitTheShortSideAndKeepTheShape(int width, int height, String expected) {
        var rungs = Ladder.forSource(width, height, SPECS);

        assertThat(rungs).extracting(r -> r.name() + " " + r.width() + "x" + r.height())
                .containsExactly(expected.split(", "));
        assertThat(rungs).allMatch(r -> r.width() % 2 == 0 && r.height() % 2 == 0);
        assertThat(rungs).allMatch(r -> r.width() <= width && r.height() <= height);
    }

    @Test
    void sourceSmallerThanEveryRungKeepsTheSmallestRungsBitrates() {
        assertThat(Ladder.forSource(176, 144, SPECS))
                .containsExactly(new Rung("144p", 176, 144, 800, 96));
    }

    @Test
    void degeneratePictureIsRefused() {
        assertThatThrownBy(() -> Ladder.forSource(1, 1080, SPECS)).isInstanceOf(IllegalArgumentException.class);
    }
}
