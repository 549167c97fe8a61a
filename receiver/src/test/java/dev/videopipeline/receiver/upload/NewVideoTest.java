package dev.videopipeline.receiver.upload;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NewVideoTest {

    @Test
    void ownerAddressIsNormalised() {
        assertThat(NewVideo.of("  Ann@Example.COM ", null, null).ownerEmail()).isEqualTo("ann@example.com");
    }

    @Test
    void fileNameKeepsOnlyItsLastPathElementWithoutControlCharacters() {
        assertThat(NewVideo.of("a@b.c", null, "../../etc/pass\u0000wd\r\n.mp4").originalFilename())
                .isEqualTo("passwd.mp4");
        assertThat(NewVideo.of("a@b.c", null, "C:\\Users\\ann\\IMG_0001.MOV").originalFilename())
                .isEqualTo("IMG_0001.MOV");
    }

    @Test
    void blankTitleBecomesNoTitle() {
        assertThat(NewVideo.of("a@b.c", " \t\n", null).title()).isNull();
        assertThat(NewVideo.of("a@b.c", "<b>Holiday</b>\u0007", null).title()).isEqualTo("<b>Holiday</b>");
    }
}
