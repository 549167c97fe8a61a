package dev.videopipeline.encoder.transcode;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.videopipeline.testclips.TestClips;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class FfmpegLogTest {

    private final Logger ffmpegLogger = (Logger) LoggerFactory.getLogger("ffmpeg");
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        events.start();
        ffmpegLogger.addAppender(events);
    }

    @AfterEach
    void release() {
        ffmpegLogger.detachAppender(events);
    }

    @Test
    void complaintsAboutADamagedFileArriveAsWarningsOfTheJob() throws Exception {
        var log = new FfmpegLog();
        Path damaged = damage(TestClips.write(dir, TestClips.Kind.MKV, 2, 320, 180, false, 0));

        try (var job = log.during("video-1");
             var grabber = new FFmpegFrameGrabber(damaged.toFile())) {
            grabber.start();
            while (grabber.grab() != null) {
                // decode every frame: the damaged ones make FFmpeg complain
            }
        }

        assertThat(events.list).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
            assertThat(event.getKeyValuePairs()).extracting(KeyValuePair::toString).contains("videoId=\"video-1\"");
        });
    }

    @Test
    void onlyFatalLinesAreErrors() {
        assertThat(FfmpegLog.level(avutil.AV_LOG_PANIC)).isEqualTo(Level.ERROR);
        assertThat(FfmpegLog.level(avutil.AV_LOG_FATAL)).isEqualTo(Level.ERROR);
        assertThat(FfmpegLog.level(avutil.AV_LOG_ERROR)).isEqualTo(Level.WARN);
        assertThat(FfmpegLog.level(avutil.AV_LOG_WARNING)).isEqualTo(Level.WARN);
        assertThat(FfmpegLog.level(avutil.AV_LOG_INFO)).isEqualTo(Level.DEBUG);
    }

    /** Overwrites a stretch of the middle, where the pictures are. */
    private static Path damage(Path clip) throws Exception {
        byte[] bytes = Files.readAllBytes(clip);
        Arrays.fill(bytes, bytes.length * 3 / 10, bytes.length * 5 / 10, (byte) 0x5A);
        Path damaged = clip.resolveSibling("damaged-" + clip.getFileName());
        Files.write(damaged, bytes);
        return damaged;
    }
}
