package dev.videopipeline.common.storage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class MediaUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://d1.cloudfront.net", "https://d1.cloudfront.net/"})
    void joinsBaseAndKeyWithOneSlash(String base) {
        assertThat(MediaUrls.of(base, "media/v1/poster.jpg")).isEqualTo("https://d1.cloudfront.net/media/v1/poster.jpg");
    }
}
