package dev.videopipeline.encoder.transcode;

import dev.videopipeline.testclips.TestClips;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HlsAndPosterTest {

    private static final List<RungSpec> SPECS = List.of(
            new RungSpec("360p", 360, 800, 96),
            new RungSpec("180p", 180, 300, 64));

    @TempDir
    Path dir;

    private List<RenditionFile> renditions;
    private double duration;

    @BeforeEach
    void encode() {
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 13, 640, 360, true, 0);
        var source = TestSources.probe(clip);
        duration = source.durationSeconds();
        renditions = TestSources.encode(new LadderEncoder(new SourceLimits(Duration.ofHours(2), 3840L * 2160)), clip, source, Ladder.forSource(640, 360, SPECS), dir);
    }

    @Test
    void masterListsEveryRungAndEveryVariantIsCompleteVodFmp4() throws Exception {
        Path master = new HlsPackager().packageAll(renditions, dir.resolve("hls"));

        String text = Files.readString(master);
        assertThat(text).startsWith("#EXTM3U").contains("#EXT-X-INDEPENDENT-SEGMENTS")
                .contains("RESOLUTION=640x360", "RESOLUTION=320x180", "360p/index.m3u8", "180p/index.m3u8")
                .containsPattern("BANDWIDTH=[1-9][0-9]{4,}")
                .containsPattern("CODECS=\"avc1\\.[0-9a-f]{6},mp4a\\.40\\.2\"");
        for (String rung : List.of("360p", "180p")) {
            Path variantDir = dir.resolve("hls").resolve(rung);
            List<String> lines = Files.readAllLines(variantDir.resolve("index.m3u8"));
            assertThat(lines).contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST")
                    .anyMatch(l -> l.startsWith("#EXT-X-MAP:URI=\"init.mp4\""));
            assertThat(variantDir.resolve("init.mp4")).exists();
            double total = 0;
            int segments = 0;
            for (int i = 0; i < lines.size() - 1; i++) {
                if (lines.get(i).startsWith("#EXTINF:")) {
                    total += Double.parseDouble(lines.get(i).substring(8).replace(",", ""));
                    assertThat(lines.get(i + 1)).doesNotContain("/");
                    assertThat(variantDir.resolve(lines.get(i + 1))).exists();
                    segments++;
                }
            }
            assertThat(segments).as("13 s in segments of about 6 s").isBetween(2, 4);
            assertThat(total).isCloseTo(duration, within(0.1));
        }
    }

    @Test
    void posterIsAJpegOfTheTopRung() throws Exception {
        Path jpeg = new PosterMaker().poster(renditions.get(0), duration, dir.resolve("poster.jpg"));

        var image = ImageIO.read(jpeg.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(360);
    }
}
