package dev.videopipeline.encoder.transcode;

import dev.videopipeline.common.video.Quality;
import dev.videopipeline.testclips.BroadcastClips;
import dev.videopipeline.testclips.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The measure compares each rendition picture with the source picture it was made from: a good
 * encode scores high whatever the source's shape (turned, interlaced, variable frame rate), a
 * starved one lower, and pictures of another video low.
 */
class QualityMeterTest {

    private static final SourceLimits LIMITS = new SourceLimits(Duration.ofHours(2), 3840L * 2160);

    private final LadderEncoder encoder = new LadderEncoder(LIMITS);
    private final QualityMeter meter = new QualityMeter();

    @TempDir
    Path dir;

    @Test
    void aGoodEncodeScoresHighOnEveryRungFromThirtySampledPictures() throws Exception {
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 8, 640, 360, true, 0);
        var rungs = List.of(new Rung("360p", 640, 360, 1500, 96), new Rung("180p", 320, 180, 500, 64));

        var qualities = measure(clip, rungs);

        for (Quality quality : qualities) {
            assertThat(quality.sampledPictures()).isEqualTo(30);
            assertThat(quality.psnr()).isGreaterThan(35);
            assertThat(quality.ssim()).isGreaterThan(0.95).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aStarvedEncodeScoresLowerThanAFedOne() throws Exception {
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 8, 640, 360, true, 0);

        var fed = measure(clip, List.of(new Rung("360p", 640, 360, 2000, 96))).get(0);
        var starved = measure(clip, List.of(new Rung("360p", 640, 360, 30, 96))).get(0);

        assertThat(starved.psnr()).isLessThan(fed.psnr() - 5);
        assertThat(starved.ssim()).isLessThan(fed.ssim());
    }

    @Test
    void picturesAreComparedWithTheSourcePictureTheyWereMadeFromWhateverItsShape() throws Exception {
        for (Path clip : List.of(TestClips.write(dir, TestClips.Kind.MOV, 8, 320, 180, true, -90),
                TestClips.variableFrameRate(dir, 8, 320, 180),
                BroadcastClips.interlacedMpeg2(dir, BroadcastClips.Mpeg2Container.TRANSPORT_STREAM, 8, 720, 480, 32, 27),
                BroadcastClips.shifted(TestClips.write(dir, TestClips.Kind.MP4, 8, 320, 180, true, 0), "mp4", "mp4", 1.5, 0.4))) {
            var probe = TestSources.probe(clip);
            var rungs = Ladder.forSource(probe.displayWidth(), probe.displayHeight(),
                    List.of(new RungSpec("180p", 180, 1500, 64)));

            var quality = measure(clip, rungs).get(0);

            assertThat(quality.psnr()).as(clip.getFileName().toString()).isGreaterThan(30);
            assertThat(quality.sampledPictures()).as(clip.getFileName().toString()).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void anotherVideosPicturesScoreLow() throws Exception {
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 8, 640, 360, true, 0);
        Path other = TestClips.cornerMarked(dir, 8, 640, 360, 0);
        var rungs = List.of(new Rung("360p", 640, 360, 1500, 96));
        Path out = Files.createDirectories(dir.resolve("other"));
        var files = encoder.encode(TestSources.of(other), TestSources.probe(other), rungs, out, percent -> { });

        var quality = meter.measure(TestSources.of(clip), TestSources.probe(clip), files).get(0);

        assertThat(quality.psnr()).isLessThan(20);
    }

    private List<Quality> measure(Path clip, List<Rung> rungs) throws Exception {
        var probe = TestSources.probe(clip);
        Path out = Files.createTempDirectory(dir, "out");
        var files = encoder.encode(TestSources.of(clip), probe, rungs, out, percent -> { });
        return meter.measure(TestSources.of(clip), probe, files);
    }
}
