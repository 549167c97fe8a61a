package dev.videopipeline.receiver.intake;

import org.junit.jupiter.api.Test;
import dev.videopipeline.common.video.Owner;

import static org.assertj.core.api.Assertions.assertThat;

class NewVideoTest {

    private static final Owner OWNER = new Owner("sub-1", "a@b.c");

    @Test
    void fileNameKeepsOnlyItsLastPathElementWithoutControlCharacters() {
        assertThat(NewVideo.of(OWNER, null, "../../etc/pass\u0000wd\r\n.mp4").originalFilename())
                .isEqualTo("passwd.mp4");
        assertThat(NewVideo.of(OWNER, null, "C:\\Users\\ann\\IMG_0001.MOV").originalFilename())
                .isEqualTo("IMG_0001.MOV");
    }

    @Test
    void bidiOverridesAndUnicodeControlsAreRemoved() {
        assertThat(NewVideo.of(OWNER, "cat\u202Egpj.exe\u0085\u2028", "x\u200E.mp4").title())
                .isEqualTo("catgpj.exe");
        assertThat(NewVideo.of(OWNER, null, "x\u200E.mp4").originalFilename()).isEqualTo("x.mp4");
    }

    @Test
    void longFileNameIsCutOnACharacterBoundary() {
        String name = "\uD83C\uDFAC".repeat(300) + ".mp4";

        String kept = NewVideo.of(OWNER, null, name).originalFilename();

        assertThat(kept.codePointCount(0, kept.length())).isEqualTo(255);
        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isFalse();
    }

    @Test
    void blankTitleBecomesNoTitle() {
        assertThat(NewVideo.of(OWNER, " \t\n", null).title()).isNull();
        assertThat(NewVideo.of(OWNER, "<b>Holiday</b>\u0007", null).title()).isEqualTo("<b>Holiday</b>");
    }
}
