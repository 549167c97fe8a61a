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
    void bidiOverridesAndUnicodeControlsAreRemoved() {
        assertThat(NewVideo.of("a@b.c", "cat\u202Egpj.exe\u0085\u2028", "x\u200E.mp4").title())
                .isEqualTo("catgpj.exe");
        assertThat(NewVideo.of("a@b.c", null, "x\u200E.mp4").originalFilename()).isEqualTo("x.mp4");
    }

    @Test
    void longFileNameIsCutOnACharacterBoundary() {
        String name = "\uD83C\uDFAC".repeat(300) + ".mp4";

        String kept = NewVideo.of("a@b.c", null, name).originalFilename();

        assertThat(kept.codePointCount(0, kept.length())).isEqualTo(255);
        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isFalse();
    }

    @Test
    void blankTitleBecomesNoTitle() {
        assertThat(NewVideo.of("a@b.c", " \t\n", null).title()).isNull();
        assertThat(NewVideo.of("a@b.c", "<b>Holiday</b>\u0007", null).title()).isEqualTo("<b>Holiday</b>");
    }
}
