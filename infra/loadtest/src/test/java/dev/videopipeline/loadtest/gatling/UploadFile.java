package dev.videopipeline.loadtest.gatling;

import dev.videopipeline.testclips.TestClips;
import org.bytedeco.ffmpeg.global.avutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The video every upload of a run sends: {@code -Dvideo=FILE}, or a real clip made once for the run. */
final class UploadFile {

    // 360p makes a one-rung ladder: one encoder on the 2-core machine finishes about two 3 s clips a second.
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;

    private UploadFile() {
    }

    static Path of(LoadSettings settings) {
        return settings.video().orElseGet(() -> generated(settings.clipSeconds()));
    }

    private static Path generated(double seconds) {
        try {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR); // FFmpeg's encoder report would bury Gatling's
            Path dir = Files.createTempDirectory("loadtest-clip-");
            dir.toFile().deleteOnExit();
            Path clip = TestClips.write(dir, TestClips.Kind.MP4, seconds, WIDTH, HEIGHT, true, 0);
            clip.toFile().deleteOnExit(); // registered after its directory, so deleted before it
            return clip;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
