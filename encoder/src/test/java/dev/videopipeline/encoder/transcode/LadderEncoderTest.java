package dev.videopipeline.encoder.transcode;

import dev.videopipeline.testclips.TestClips;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LadderEncoderTest {

    private static final List<RungSpec> SPECS = List.of(
            new RungSpec("360p", 360, 800, 96),
            new RungSpec("180p", 180, 300, 64));

    private final SourceProbe probe = new SourceProbe();
    private final LadderEncoder encoder = new LadderEncoder(new SourceLimits(Duration.ofHours(2), 3840L * 2160));

    @TempDir
    Path dir;

    @Test
    void everyRungFromOneDecodeIsH264WithAacOfTheSourcesLength() {
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 2, 640, 360, true, 0);
        var source = probe.probe(TestSources.of(clip));

        var files = TestSources.encode(encoder, clip, source, Ladder.forSource(640, 360, SPECS), dir);

        assertThat(files).extracting(f -> f.rung().name()).containsExactly("360p", "180p");
        for (RenditionFile file : files) {
            var out = probe.probe(TestSources.of(file.file()));
            assertThat(out.videoCodec()).isEqualTo("h264");
            assertThat(out.audioCodec()).isEqualTo("aac");
            assertThat(out.width()).isEqualTo(file.rung().width());
            assertThat(out.height()).isEqualTo(file.rung().height());
            assertThat(out.durationSeconds()).isCloseTo(source.durationSeconds(), within(0.1));
        }
    }

    @Test
    void phoneVideoComesOutUprightWithoutRotationToApply() throws Exception {
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 1, 320, 180, true, -90);
        var source = probe.probe(TestSources.of(clip));

        var files = TestSources.encode(encoder, clip, source,
                Ladder.forSource(source.displayWidth(), source.displayHeight(), SPECS), dir);

        var out = probe.probe(TestSources.of(files.get(0).file()));
        assertThat(out.rotation()).isZero();
        assertThat(out.width()).isEqualTo(180);
        assertThat(out.height()).isEqualTo(320);
        // The clip's blue grows with the source's x. Turned clockwise, source columns become rows:
        // blue must now grow downwards and stay level across (a mere stretch would not do that).
        var picture = firstPicture(files.get(0).file());
        assertThat(meanBlue(picture, 100, 110, 0, 180) - meanBlue(picture, 10, 20, 0, 180)).isGreaterThan(60);
        assertThat(Math.abs(meanBlue(picture, 0, 320, 150, 170) - meanBlue(picture, 0, 320, 10, 30))).isLessThan(15);
    }

    private static int[][] firstPicture(Path file) throws Exception {
        try (var grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            Frame frame = grabber.grabImage();
            var image = (ByteBuffer) frame.image[0];
            int[][] blue = new int[frame.imageHeight][frame.imageWidth];
            for (int y = 0; y < frame.imageHeight; y++) {
                for (int x = 0; x < frame.imageWidth; x++) {
                    blue[y][x] = image.get(y * frame.imageStride + x * 3) & 0xFF;
                }
            }
            return blue;
        }
    }

    private static double meanBlue(int[][] blue, int fromRow, int toRow, int fromColumn, int toColumn) {
        double sum = 0;
        for (int y = fromRow; y < toRow; y++) {
            for (int x = fromColumn; x < toColumn; x++) {
                sum += blue[y][x];
            }
        }
        return sum / ((toRow - fromRow) * (toColumn - fromColumn));
    }

    @Test
    void progressGrowsToTheEndOfTheSource() {
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 2, 320, 180, true, 0);
        var seen = new ArrayList<Integer>();

        TestSources.encode(encoder, clip, probe.probe(TestSources.of(clip)), Ladder.forSource(320, 180, SPECS), dir, seen::add);

        assertThat(seen).isSortedAccordingTo(Integer::compare);
        assertThat(seen.get(seen.size() - 1)).isBetween(90, 99);
    }

    @Test
    void streamWhosePictureSizeChangesMidwayIsEncodedWhole() throws Exception {
        Path clip = spliced(dir, 2);
        var source = probe.probe(TestSources.of(clip));

        var files = TestSources.encode(encoder, clip, source, Ladder.forSource(source.width(), source.height(), SPECS), dir);

        for (RenditionFile file : files) {
            var rendition = probe.probe(TestSources.of(file.file()));
            assertThat(rendition.width()).isEqualTo(file.rung().width());
            assertThat(rendition.height()).isEqualTo(file.rung().height());
            assertThat(rendition.durationSeconds()).as("both segments").isCloseTo(4.0, within(0.2));
        }
    }

    @Test
    void streamHoldingMoreThanItDeclaresStopsAtTheDurationLimit() throws Exception {
        // Its clock restarts at every splice: the probe reads about 2 s, the stream holds 12.
        Path clip = spliced(dir, 6);
        var declared = probe.probe(TestSources.of(clip));
        var limits = new SourceLimits(Duration.ofSeconds(5), 3840L * 2160);
        limits.check(declared);

        assertThatThrownBy(() -> TestSources.encode(new LadderEncoder(limits), clip, declared,
                        Ladder.forSource(declared.width(), declared.height(), SPECS), dir))
                .isInstanceOf(UnreadableSourceException.class)
                .hasMessage("The video is longer than the 5-second limit.");
    }

    /** {@code segments} transport streams of 2 s one after the other, alternately 640x360 and 320x240. */
    private static Path spliced(Path dir, int segments) throws Exception {
        Path clip = dir.resolve("spliced.ts");
        for (int i = 0; i < segments; i++) {
            Path segment = Files.createDirectories(dir.resolve("segment-" + i));
            boolean wide = i % 2 == 0;
            byte[] bytes = Files.readAllBytes(TestClips.write(segment, TestClips.Kind.MPEG_TS, 2, wide ? 640 : 320,
                    wide ? 360 : 240, true, 0));
            Files.write(clip, bytes, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        return clip;
    }

    @Test
    void fileCutShortFailsWithAReasonInsteadOfBecomingAShortVideo() throws Exception {
        // The renditions keep their index up front (faststart): cut one, and FFmpeg opens it happily.
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 6, 320, 180, true, 0);
        Path whole = TestSources.encode(encoder, clip, probe.probe(TestSources.of(clip)), Ladder.forSource(320, 180, SPECS), dir).get(0).file();
        Path cut = dir.resolve("cut.mp4");
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length * 2 / 5));
        var declared = probe.probe(TestSources.of(cut));
        Path out = Files.createDirectories(dir.resolve("out"));

        assertThatThrownBy(() -> TestSources.encode(encoder, cut, declared,
                        Ladder.forSource(320, 180, SPECS), out))
                .isInstanceOf(UnreadableSourceException.class)
                .hasMessageStartingWith("The file is cut short");
    }

    @Test
    void silentSourceGivesSilentRenditions() {
        Path clip = TestClips.write(dir, TestClips.Kind.MKV, 1, 640, 360, false, 0);

        var files = TestSources.encode(encoder, clip, probe.probe(TestSources.of(clip)), Ladder.forSource(640, 360, SPECS), dir);

        assertThat(files).allSatisfy(f -> assertThat(probe.probe(TestSources.of(f.file())).audioCodec()).isNull());
    }

    @Test
    void variableFrameRateVideoKeepsEveryPictureAtItsTimeAndSoundAsLong() throws Exception {
        Path clip = TestClips.variableFrameRate(dir, 4, 320, 180);
        var source = Timeline.of(clip);

        var files = TestSources.encode(encoder, clip, probe.probe(TestSources.of(clip)), Ladder.forSource(320, 180, SPECS), dir);

        var out = Timeline.of(files.get(0).file());
        assertThat(out.pictureMicros()).hasSameSizeAs(source.pictureMicros());
        for (int i = 0; i < out.pictureMicros().size(); i++) {
            assertThat(out.pictureMicros().get(i)).as("picture %d", i)
                    .isCloseTo(source.pictureMicros().get(i), within(1_000L));
        }
        assertThat(out.soundSeconds()).isCloseTo(source.soundSeconds(), within(0.1));
    }

    @Test
    void manyChannelsOfSoundAreMixedDownToStereo() throws Exception {
        Path clip = dir.resolve("six-channels.mov");
        try (var recorder = new FFmpegFrameRecorder(clip.toFile(), 320, 180, 6)) {
            recorder.setFormat("mov");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setVideoOption("preset", "ultrafast");
            recorder.setFrameRate(25);
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_PCM_S16LE);
            recorder.setSampleRate(48_000);
            recorder.start();
            var picture = new Frame(320, 180, Frame.DEPTH_UBYTE, 3);
            for (int i = 0; i < 25; i++) {
                recorder.record(picture, avutil.AV_PIX_FMT_BGR24);
                recorder.recordSamples(48_000, 6, ShortBuffer.wrap(new short[1920 * 6]));
            }
        }

        var files = TestSources.encode(encoder, clip, probe.probe(TestSources.of(clip)), Ladder.forSource(320, 180, SPECS), dir);

        try (var grabber = new FFmpegFrameGrabber(files.get(0).file().toFile())) {
            grabber.start();
            assertThat(grabber.getAudioChannels()).isEqualTo(2);
        }
    }
}
