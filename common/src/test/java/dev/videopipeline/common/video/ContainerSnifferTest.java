package dev.videopipeline.common.video;

import dev.videopipeline.testclips.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerSnifferTest {

    private static final Map<TestClips.Kind, Container> EXPECTED = Map.of(
            TestClips.Kind.MP4, Container.ISO_MP4,
            TestClips.Kind.MOV, Container.ISO_MP4,
            TestClips.Kind.THREE_GP, Container.ISO_MP4,
            TestClips.Kind.MKV, Container.MATROSKA,
            TestClips.Kind.WEBM, Container.MATROSKA,
            TestClips.Kind.AVI, Container.AVI,
            TestClips.Kind.MPEG_TS, Container.MPEG_TS,
            TestClips.Kind.MPEG_PS, Container.MPEG_PS,
            TestClips.Kind.FLV, Container.FLV,
            TestClips.Kind.ASF, Container.ASF);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestClips.Kind.class)
    void recognisesRealFilesOfEveryContainer(TestClips.Kind kind) throws IOException {
        Path clip = TestClips.write(dir, kind, 0.4, 160, 120);

        assertThat(sniff(clip)).contains(EXPECTED.get(kind));
    }

    static Stream<Arguments> notVideos() {
        return Stream.of(
                Arguments.of("empty", new byte[0]),
                Arguments.of("text", "hello, this is not a video".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("png", bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13)),
                Arguments.of("pdf", "%PDF-1.7\n%".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("m4a audio", iso("M4A ")),
                Arguments.of("heic photo", iso("heic")),
                Arguments.of("avif image", iso("avif")),
                Arguments.of("riff wave", "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("one sync byte", bytes(0x47, 1, 2, 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notVideos")
    void refusesWhatIsNotAVideo(String what, byte[] head) {
        assertThat(ContainerSniffer.sniff(head, head.length, -1)).isEmpty();
    }


    @Test
    void fastStartFileWhoseMoovComesFirstIsRecognised() throws IOException {
        assertThat(sniff(TestClips.moovFirst(dir, 0.4, 160, 120))).contains(Container.ISO_MP4);
    }

    static Stream<Arguments> disguisedManifests() {
        String mpd = "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\"><Period><AdaptationSet><Representation>"
                + "<BaseURL>http://127.0.0.1:9/x.mp4</BaseURL></Representation></AdaptationSet></Period></MPD>\n";
        return Stream.of(
                // The text's own first four bytes as the size: far past the end of a small file.
                Arguments.of("DASH manifest", ("<!--free-->" + mpd).getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("HLS playlist", "#EXTfree\n#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n"
                        .getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("ffconcat list", "ffcofree\nffconcat version 1.0\nfile /etc/hostname\n"
                        .getBytes(StandardCharsets.US_ASCII)),
                // A real box header, then text where the next box should be.
                Arguments.of("manifest behind a free box", concat(bytes(0, 0, 0, 8, 'f', 'r', 'e', 'e'),
                        mpd.getBytes(StandardCharsets.US_ASCII))),
                Arguments.of("box shorter than its header", concat(bytes(0, 0, 0, 4, 'f', 'r', 'e', 'e'),
                        mpd.getBytes(StandardCharsets.US_ASCII))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("disguisedManifests")
    void refusesTextDisguisedWithAQuickTimeBoxName(String what, byte[] file) {
        assertThat(ContainerSniffer.sniff(file, Math.min(file.length, ContainerSniffer.HEAD_BYTES), file.length))
                .isEmpty();
    }

    @Test
    void firstBoxMustFitInTheFileOnceItsSizeIsKnown() {
        byte[] head = concat(bytes(0, 0, 0x10, 0, 'w', 'i', 'd', 'e'), new byte[64]);

        assertThat(ContainerSniffer.sniff(head, head.length, -1)).contains(Container.QUICKTIME);
        assertThat(ContainerSniffer.sniff(head, head.length, 0x1000)).contains(Container.QUICKTIME);
        assertThat(ContainerSniffer.sniff(head, head.length, head.length)).isEmpty();
    }

    @Test
    void boxOfATypeNotListedIsAcceptedWhenItFitsInTheFile() {
        byte[] file = concat(concat(bytes(0, 0, 0, 16, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 0, 0),
                bytes(0, 0, 0, 16, 'm', 'e', 'c', 'o', 0, 0, 0, 0, 0, 0, 0, 0)), bytes(0, 0, 0, 12, 'm', 'd', 'a', 't', 1, 2, 3, 4));

        assertThat(ContainerSniffer.sniff(file, file.length, file.length)).contains(Container.ISO_MP4);
        assertThat(ContainerSniffer.sniff(file, file.length, file.length - 20)).as("the unknown box past the end").isEmpty();
    }

    @Test
    void fileCutShortAfterItsFirstBoxesIsStillRecognised() throws IOException {
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 1, 160, 120);
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(clip), ContainerSniffer.HEAD_BYTES);

        assertThat(ContainerSniffer.sniff(head, head.length, head.length)).contains(Container.ISO_MP4);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static java.util.Optional<Container> sniff(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(ContainerSniffer.HEAD_BYTES);
            return ContainerSniffer.sniff(head, head.length, Files.size(file));
        }
    }

    private static byte[] iso(String brand) {
        byte[] b = new byte[16];
        b[3] = 16;
        System.arraycopy("ftyp".getBytes(StandardCharsets.US_ASCII), 0, b, 4, 4);
        System.arraycopy(brand.getBytes(StandardCharsets.US_ASCII), 0, b, 8, 4);
        return b;
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
