package dev.videopipeline.encoder.transcode;

import dev.videopipeline.testclips.BroadcastClips;
import dev.videopipeline.testclips.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A source encoded in chunks against the same source encoded whole, probed as a player meets
 * them: the same pictures at the same instants, the sound as long and in the same place, key frames
 * on the same 2 s grid, and every picture (the seams' too) close to the whole encode's.
 */
class ChunkedLadderEncoderTest {

    private static final List<RungSpec> SPECS = List.of(
            new RungSpec("360p", 360, 800, 96),
            new RungSpec("180p", 180, 300, 64));
    private static final SourceLimits LIMITS = new SourceLimits(Duration.ofHours(2), 3840L * 2160);
    /** A seam picture this far below the whole encode's copy would be visible. */
    private static final double MIN_PSNR_AGAINST_WHOLE = 30;

    private final LadderEncoder whole = new LadderEncoder(LIMITS);
    private final ChunkedLadderEncoder chunked = new ChunkedLadderEncoder(LIMITS);

    @TempDir
    Path dir;

    @Test
    void chunksOfAnMp4JoinIntoWhatAWholeEncodeMakes() throws Exception {
        assertJoinsLikeWhole(TestClips.write(dir, TestClips.Kind.MP4, 14, 640, 360, true, 0));
    }

    @Test
    void chunksOfMatroskaJoinIntoWhatAWholeEncodeMakes() throws Exception {
        assertJoinsLikeWhole(TestClips.write(dir, TestClips.Kind.MKV, 14, 640, 360, true, 0));
    }

    @Test
    void chunksOfPhoneVideoHeldUprightComeOutUprightAsWhole() throws Exception {
        assertJoinsLikeWhole(TestClips.write(dir, TestClips.Kind.MOV, 14, 320, 180, true, -90));
    }

    @Test
    void chunksOfVariableFrameRateVideoKeepItsPicturesInPlace() throws Exception {
        assertJoinsLikeWhole(TestClips.variableFrameRate(dir, 14, 640, 360));
    }

    @Test
    void chunksOfInterlacedVideoAreDeinterlacedAtTheSeamsAsWhole() throws Exception {
        assertJoinsLikeWhole(BroadcastClips.interlacedMpeg2(dir, BroadcastClips.Mpeg2Container.PROGRAM_STREAM,
                14, 720, 480, 32, 27));
    }

    @Test
    void chunksOfAnMp4WithAnEditListAndLateSoundKeepTheSoundInPlace() throws Exception {
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 14, 640, 360, true, 0);
        assertJoinsLikeWhole(BroadcastClips.shifted(clip, "mp4", "mp4", 1.5, 0.4));
    }

    private void assertJoinsLikeWhole(Path clip) throws Exception {
        var probe = TestSources.probe(clip);
        var rungs = Ladder.forSource(probe.displayWidth(), probe.displayHeight(), SPECS);
        Path wholeDir = Files.createDirectories(dir.resolve("whole"));
        Path chunkedDir = Files.createDirectories(dir.resolve("chunked"));
        var expected = whole.encode(TestSources.of(clip), probe, rungs, wholeDir, percent -> { });
        List<Integer> progress = new ArrayList<>();
        var actual = chunked.encode(TestSources.of(clip), probe, rungs, Duration.ofSeconds(6), dir.resolve("work"),
                chunkedDir, progress::add);

        assertThat(progress).as("progress by frames").isSorted().contains(50).allMatch(p -> p < 100);
        for (int i = 0; i < rungs.size(); i++) {
            Path want = expected.get(i).file();
            Path got = actual.get(i).file();
            var wantTimeline = Timeline.of(want);
            var gotTimeline = Timeline.of(got);
            assertThat(gotTimeline.pictureMicros()).as("every picture once, at its instant").isEqualTo(wantTimeline.pictureMicros());
            assertThat(gotTimeline.soundSeconds()).isCloseTo(wantTimeline.soundSeconds(), within(0.03));
            var wantRendered = Rendered.of(want);
            var gotRendered = Rendered.of(got);
            assertThat(gotRendered.startSeconds()).isCloseTo(wantRendered.startSeconds(), within(0.001));
            assertThat(gotRendered.firstSoundSeconds()).as("sound in sync").isCloseTo(wantRendered.firstSoundSeconds(), within(0.005));
            assertThat(gotRendered.durationSeconds()).isCloseTo(wantRendered.durationSeconds(), within(1 / 30.0));
            assertThat(Rendered.keyFrames(got)).isEqualTo(Rendered.keyFrames(want));
            var psnr = Psnr.of(want, got);
            assertThat(psnr.samePictureCount()).isTrue();
            assertThat(psnr.worst()).as("no picture, at a seam or not, far from the whole encode's")
                    .isGreaterThan(MIN_PSNR_AGAINST_WHOLE);
        }
        assertThat(Files.list(chunkedDir)).as("the renditions and nothing of the chunks")
                .extracting(f -> f.getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(rungs.stream().map(rung -> rung.name() + ".mp4").toList());
    }
}
