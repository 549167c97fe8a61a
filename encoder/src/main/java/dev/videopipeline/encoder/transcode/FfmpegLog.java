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

    private final Set<String> running = ConcurrentHashMap.newKeySet();
    /** Held here: FFmpeg keeps only a native pointer to it, and it must outlive every call. */
    private final Callback callback = new Callback();

    public FfmpegLog() {
        // Lines below the level are dropped in native code: no crossing into Java for x264's chatter.
        avutil.av_log_set_level(LOG.isDebugEnabled() ? avutil.AV_LOG_INFO : avutil.AV_LOG_WARNING);
        avutil.av_log_set_flags(avutil.AV_LOG_SKIP_REPEATED);
        avutil.setLogCallback(callback);
    }

    /** Tags FFmpeg's lines with {@code videoId} until the returned scope is closed. */
    public Scope during(String videoId) {
        running.add(videoId);
        return () -> running.remove(videoId);
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

    private final class Callback extends LogCallback {

        @Override
        public void call(int ffmpegLevel, BytePointer message) {
            String line = message.getString().strip();
            if (line.isEmpty()) {
                return;
            }
            var event = LOG.atLevel(level(ffmpegLevel)).setMessage(line);
            if (running.size() == 1) {
                event = event.addKeyValue("videoId", running.iterator().next());
            } else if (!running.isEmpty()) {
                event = event.addKeyValue("videoIds", String.join(",", running));
            }
            event.log();
        }
    }
}
