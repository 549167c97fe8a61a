package dev.videopipeline.encoder.transcode;

import dev.videopipeline.testclips.BroadcastClips;
import dev.videopipeline.testclips.BroadcastClips.Mpeg2Container;
import dev.videopipeline.testclips.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Sources from cameras, broadcasts and discs, and renditions checked by probing them as a player would. */
class CameraAndBroadcastSourcesTest {

    private static final List<RungSpec> SPECS = List.of(
            new RungSpec("360p", 360, 800, 96),
            new RungSpec("180p", 180, 300, 64));
    private static final double ONE_FRAME = 1 / 25.0;

    private final LadderEncoder encoder = new LadderEncoder(new SourceLimits(Duration.ofHours(2), 3840L * 2160));

    @TempDir
    Path dir;

    static Stream<Arguments> offsetClocks() {
        return Stream.of(
                // Its AAC starts 21 ms before its pictures (the encoder's priming): less than a frame, no lead.
                Arguments.of("broadcast transport stream, 1.4 s into its clock", (Function<Path, Path>) dir ->
                        BroadcastClips.shifted(TestClips.write(dir, TestClips.Kind.MPEG_TS, 3, 320, 180), "mpegts", "ts",
                                1.4, 0)),
                Arguments.of("program stream", (Function<Path, Path>) dir ->
                        TestClips.write(dir, TestClips.Kind.MPEG_PS, 3, 320, 180)),
                Arguments.of("camcorder m2ts-like, 10 s into its clock", (Function<Path, Path>) dir ->
                        BroadcastClips.shifted(TestClips.write(dir, TestClips.Kind.MPEG_TS, 3, 320, 180), "mpegts", "ts",
                                10, 0)),
                Arguments.of("MP4 with an edit list", (Function<Path, Path>) dir ->
                        BroadcastClips.shifted(TestClips.write(dir, TestClips.Kind.MP4, 3, 320, 180), "mp4", "mp4",
                                1, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("offsetClocks")
    void sourceWhoseClockDoesNotStartAtZeroGivesRenditionsThatStartAtZeroAndLastAsLong(
            String what, Function<Path, Path> clip) throws Exception {
        Path source = clip.apply(dir);
        var probe = TestSources.probe(source);
        assertThat(Rendered.of(source).startSeconds()).as("the source's own clock").isGreaterThan(0.3);

        List<Long> sourcePictures = Timeline.of(source).pictureMicros();
        for (RenditionFile file : encode(source)) {
            var out = Rendered.of(file.file());
            assertThat(out.startSeconds()).as(file.rung().name() + " start").isCloseTo(0, within(0.001));
            assertThat(out.durationSeconds()).as(file.rung().name() + " duration")
                    .isCloseTo(probe.durationSeconds(), within(ONE_FRAME + 0.03));
            // Every picture where it was, counted from the first: none lost, doubled or moved a frame.
            List<Long> pictures = Timeline.of(file.file()).pictureMicros();
            assertThat(pictures).hasSameSizeAs(sourcePictures);
            for (int i = 0; i < pictures.size(); i++) {
                assertThat(pictures.get(i) - pictures.get(0)).as("picture %d", i)
                        .isCloseTo(sourcePictures.get(i) - sourcePictures.get(0), within(1_000L));
            }
        }
    }

    @ParameterizedTest(name = "sound {0} s after the pictures")
    @org.junit.jupiter.params.provider.ValueSource(doubles = {1.5, -1.5})
    void soundKeepsItsPlaceAgainstThePictures(double soundDelay) throws Exception {
        Path source = BroadcastClips.shifted(TestClips.write(dir, TestClips.Kind.MPEG_TS, 4, 320, 180), "mpegts", "ts",
                0, soundDelay);
        var in = Rendered.of(source);
        assertThat(in.firstSoundSeconds() - in.firstPictureSeconds()).isCloseTo(soundDelay, within(0.05));

        var out = Rendered.of(encode(source).get(0).file());

        assertThat(out.startSeconds()).isCloseTo(0, within(0.001));
        assertThat(out.firstSoundSeconds() - out.firstPictureSeconds()).isCloseTo(soundDelay, within(0.05));
        assertThat(Math.min(out.firstSoundSeconds(), out.firstPictureSeconds())).isCloseTo(0, within(0.05));
    }

    @Test
    void soundWhoseClockJumpsIsNotPaddedWithTheJump() throws Exception {
        Path source = BroadcastClips.soundClockJump(TestClips.write(dir, TestClips.Kind.MPEG_TS, 3, 320, 180), 1.5, 60);
        assertThat(TestSources.probe(source).durationSeconds()).as("the file's own length").isGreaterThan(60);

        var out = Rendered.of(encode(source).get(0).file());

        assertThat(out.durationSeconds()).as("sound and pictures as long as they are").isLessThan(3.2);
    }

    @Test
    void soundDropoutWhilePicturesGoOnIsFilledWithSilence() throws Exception {
        Path source = BroadcastClips.soundDropout(TestClips.write(dir, TestClips.Kind.MPEG_TS, 4, 320, 180), 1, 2.5);

        var out = Timeline.of(encode(source).get(0).file());

        assertThat(out.soundSeconds()).as("the sound after the dropout in its place").isCloseTo(4, within(0.1));
    }

    static Stream<Arguments> nonSquarePixels() {
        return Stream.of(
                Arguments.of("HDV 1440x1080 at 4:3", Mpeg2Container.TRANSPORT_STREAM, 1440, 1080, 4, 3, "4:3", 1920),
                Arguments.of("16:9 DVD 720x480 at 32:27", Mpeg2Container.PROGRAM_STREAM, 720, 480, 32, 27, "32:27", 853),
                Arguments.of("16:9 PAL DVD 720x576 at 64:45", Mpeg2Container.PROGRAM_STREAM, 720, 576, 64, 45, "64:45", 1024));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonSquarePixels")
    void nonSquarePixelsAreShownInTheirShapeWithSquarePixelsAtEvenSizes(String what, Mpeg2Container container,
            int width, int height, int sarNum, int sarDen, String sar, int shownWidth) throws Exception {
        Path source = BroadcastClips.interlacedMpeg2(dir, container, 1, width, height, sarNum, sarDen);

        var probe = TestSources.probe(source);
        assertThat(probe.sampleAspectRatio()).isEqualTo(sar);
        assertThat(probe.displayWidth()).isEqualTo(shownWidth);
        assertThat(probe.displayHeight()).isEqualTo(height);
        assertThat(probe.interlaced()).isTrue();

        var rungs = Ladder.forSource(probe.displayWidth(), probe.displayHeight(), SPECS);
        for (RenditionFile file : TestSources.encode(encoder, source, probe, rungs, dir)) {
            var out = Rendered.of(file.file());
            assertThat(out.width() % 2).isZero();
            assertThat(out.height() % 2).isZero();
            assertThat(out.pixelShape()).as("square pixels").isEqualTo(1.0);
            assertThat(out.displayAspect()).as(file.rung().name() + " display aspect")
                    .isCloseTo(shownWidth / (double) height, within(shownWidth / (double) height * 0.01));
        }
    }

    @Test
    void interlacedSourceIsDeinterlacedWithoutLosingItsLastPicture() throws Exception {
        Path source = BroadcastClips.interlacedMpeg2(dir, Mpeg2Container.TRANSPORT_STREAM, 2, 720, 576, 64, 45);
        int sourcePictures = Rendered.of(source).pictures();

        var out = Rendered.of(encode(source).get(0).file());

        assertThat(out.pictures()).isEqualTo(sourcePictures);
    }

    @Test
    void onlyInterlacedPicturesGoThroughTheDeinterlacer() {
        var rung = new Rung("360p", 640, 360, 800, 96);

        assertThat(PictureFilter.describe(org.bytedeco.ffmpeg.global.avcodec.AV_FIELD_TT, 0, rung))
                .startsWith("bwdif=mode=send_frame:parity=tff:deint=all,");
        assertThat(PictureFilter.describe(org.bytedeco.ffmpeg.global.avcodec.AV_FIELD_BB, 90, rung))
                .startsWith("bwdif=mode=send_frame:parity=bff:deint=all,transpose=clock,");
        assertThat(PictureFilter.describe(org.bytedeco.ffmpeg.global.avcodec.AV_FIELD_PROGRESSIVE, 0, rung))
                .isEqualTo("scale=640:360,setsar=1");
        assertThat(PictureFilter.describe(org.bytedeco.ffmpeg.global.avcodec.AV_FIELD_UNKNOWN, 0, rung))
                .doesNotContain("bwdif");
        assertThat(TestSources.probe(TestClips.mp4(dir, 1)).interlaced()).isFalse();
    }

    @Test
    void everyRungHasItsKeyFramesAndSegmentsAtTheSameInstantsWhateverTheScenes() throws Exception {
        Path source = BroadcastClips.sceneCuts(dir, 13, 640, 360);
        List<RenditionFile> files = encode(source);

        List<Double> expected = Stream.iterate(0.0, t -> t < 13, t -> t + 2).toList();
        for (RenditionFile file : files) {
            assertThat(Rendered.keyFrames(file.file())).as(file.rung().name() + " key frames")
                    .usingElementComparator((a, b) -> Math.abs(a - b) < 0.001 ? 0 : Double.compare(a, b))
                    .containsExactlyElementsOf(expected);
        }
        Path master = new HlsPackager().packageAll(files, dir.resolve("hls"));
        List<List<String>> segments = files.stream().map(f -> extinf(dir.resolve("hls").resolve(f.rung().name()))).toList();
        assertThat(segments.get(0)).hasSizeGreaterThan(1);
        assertThat(segments).allSatisfy(variant -> assertThat(variant).isEqualTo(segments.get(0)));
        // The VBV holds each rung's peak to 1.5x its target over a 2 s buffer: no 6 s segment averages 2x.
        for (String line : Files.readAllLines(master)) {
            if (line.startsWith("#EXT-X-STREAM-INF:")) {
                long bandwidth = Long.parseLong(line.replaceAll(".*[:,]BANDWIDTH=(\\d+).*", "$1"));
                long nominal = line.contains("640x360") ? (800 + 96) * 1000 : (300 + 64) * 1000;
                assertThat(bandwidth).as(line).isLessThan(2 * nominal);
            }
        }
    }

    @Test
    void fileWhosePicturesDoNotDecodeIsUnreadableAtOnce() {
        Path source = BroadcastClips.garbledPictures(TestClips.write(dir, TestClips.Kind.MP4, 3, 320, 180));
        var probe = TestSources.probe(source);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestSources.encode(encoder, source, probe,
                        Ladder.forSource(320, 180, SPECS), dir))
                .isInstanceOf(UnreadableSourceException.class)
                .hasMessageStartingWith("The pictures in the file are damaged");
    }

    private List<RenditionFile> encode(Path source) {
        var probe = TestSources.probe(source);
        return TestSources.encode(encoder, source, probe,
                Ladder.forSource(probe.displayWidth(), probe.displayHeight(), SPECS), dir);
    }

    private static List<String> extinf(Path variant) {
        try {
            return Files.readAllLines(variant.resolve("index.m3u8")).stream().filter(l -> l.startsWith("#EXTINF:")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
