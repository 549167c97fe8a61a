package dev.videopipeline.encoder.transcode;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * A seek in a source to just before a tick of the output's grid: to a key frame a few seconds
 * earlier, so that an open GOP's pictures that need the one before fall before the tick too.
 * Demuxers that cannot seek exactly may land after it; that is told, not hidden.
 */
final class SourceSeek {

    private static final long MARGIN_MICROS = 3_000_000;

    private SourceSeek() {
    }

    /**
     * @return the first picture after seeking to before {@code startTick}, or null when the seek
     *         landed after it (or failed), and the source must be decoded from its start
     */
    static Frame before(FFmpegFrameGrabber grabber, SourceClock clock, double frameRate, long startTick)
            throws FrameGrabber.Exception {
        if (startTick == 0) {
            return grabber.grabImage();
        }
        long startMicros = Math.round(startTick * 1_000_000 / frameRate);
        var context = grabber.getFormatContext();
        long fileStart = context.start_time() == avutil.AV_NOPTS_VALUE ? 0 : context.start_time();
        long target = clock.pictureSourceMicros(startMicros) - fileStart - MARGIN_MICROS;
        if (target <= 0) {
            return grabber.grabImage();
        }
        try {
            grabber.setTimestamp(target);
        } catch (FrameGrabber.Exception e) {
            return null;
        }
        Frame first = grabber.grabImage();
        return first != null && RungEncoder.tick(clock.place(first), frameRate) < startTick ? first : null;
    }
}
