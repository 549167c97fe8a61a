package dev.videopipeline.encoder.transcode;

import io.micronaut.context.annotation.Context;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * FFmpeg's own log, one event per line in ours (logger {@code ffmpeg}), tagged with the job it
 * belongs to. FFmpeg logs from its own threads too, so a line is tagged with the jobs running at
 * the time: exactly one at the default concurrency of one.
 */
@Context
public class FfmpegLog {

    private static final Logger LOG = LoggerFactory.getLogger("ffmpeg");

    /*
     * FFmpeg has one log callback per process, called from any thread, and it must outlive every
     * call into FFmpeg: a collected callback is a native pointer to freed memory. So, unusually,
     * this state is static, as the native state it mirrors is.
     */
    private static final Set<String> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Callback CALLBACK = new Callback();

    public FfmpegLog() {
        // Lines below the level are dropped in native code: no crossing into Java for x264's chatter.
        avutil.av_log_set_level(LOG.isDebugEnabled() ? avutil.AV_LOG_INFO : avutil.AV_LOG_WARNING);
        avutil.av_log_set_flags(avutil.AV_LOG_SKIP_REPEATED);
        avutil.setLogCallback(CALLBACK);
    }

    /** Tags FFmpeg's lines with {@code videoId} until the returned scope is closed. */
    public Scope during(String videoId) {
        RUNNING.add(videoId);
        return () -> RUNNING.remove(videoId);
    }

    /** A job's stretch of FFmpeg logging. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * FFmpeg's errors are about the input being decoded (a damaged frame, a broken index), which
     * the job's outcome reports to its owner: for operators they are warnings.
     */
    static Level level(int ffmpegLevel) {
        if (ffmpegLevel <= avutil.AV_LOG_FATAL) {
            return Level.ERROR;
        }
        return ffmpegLevel <= avutil.AV_LOG_WARNING ? Level.WARN : Level.DEBUG;
    }

    private static final class Callback extends LogCallback {

        @Override
        public void call(int ffmpegLevel, BytePointer message) {
            String line = message.getString().strip();
            if (line.isEmpty()) {
                return;
            }
            var event = LOG.atLevel(level(ffmpegLevel)).setMessage(line);
            if (RUNNING.size() == 1) {
                event = event.addKeyValue("videoId", RUNNING.iterator().next());
            } else if (!RUNNING.isEmpty()) {
                event = event.addKeyValue("videoIds", String.join(",", RUNNING));
            }
            event.log();
        }
    }
}
