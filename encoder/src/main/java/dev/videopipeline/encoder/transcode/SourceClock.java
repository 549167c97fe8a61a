package dev.videopipeline.encoder.transcode;

import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Where each decoded frame belongs on the output's time line, which starts at 0 where the earliest of
 * the decoded streams starts. Sources rarely start at 0 themselves: a transport or program stream
 * starts where its muxer's clock stood (0.5-1.4 s, or hours into a broadcast), an MP4 with an edit
 * list where the edit says; kept, that offset would lengthen every rendition by it. Each stream keeps
 * its place against the other, so sound that starts after the pictures still does. The pictures'
 * lead over the sound is kept in whole frames of the output's grid, so that the pictures stay on
 * the grid their own timestamps make; less than a frame (an AAC stream's priming) is none.
 */
final class SourceClock {

    private final long originMicros;
    private final long videoStartMicros;
    private final long pictureLeadMicros;

    private SourceClock(long originMicros, long videoStartMicros, long pictureLeadMicros) {
        this.originMicros = originMicros;
        this.videoStartMicros = videoStartMicros;
        this.pictureLeadMicros = pictureLeadMicros;
    }

    /** @param frameRate the output's frame grid */
    static SourceClock of(FFmpegFrameGrabber grabber, double frameRate) {
        var context = grabber.getFormatContext();
        AVStream video = SourceProbe.videoStream(grabber);
        long videoStart = startMicros(video);
        long origin = videoStart;
        // The first audio stream with a known codec is the one JavaCV decodes.
        for (int i = 0; i < context.nb_streams(); i++) {
            var parameters = context.streams(i).codecpar();
            if (parameters.codec_type() == avutil.AVMEDIA_TYPE_AUDIO && parameters.codec_id() != avcodec.AV_CODEC_ID_NONE) {
                origin = Math.min(origin, startMicros(context.streams(i)));
                break;
            }
        }
        if (origin == Long.MAX_VALUE) {
            origin = context.start_time() == avutil.AV_NOPTS_VALUE ? 0 : context.start_time();
        }
        if (videoStart == Long.MAX_VALUE) {
            videoStart = origin;
        }
        double lead = (videoStart - origin) * frameRate / 1_000_000;
        long leadFrames = lead < 1 ? 0 : Math.round(lead);
        return new SourceClock(origin, videoStart, Math.round(leadFrames * 1_000_000 / frameRate));
    }

    /** The frame's place on the output's time line, in microseconds (never before its start). */
    long place(Frame frame) {
        long micros = frame.image != null
                ? frame.timestamp - videoStartMicros + pictureLeadMicros
                : frame.timestamp - originMicros;
        return Math.max(0, micros);
    }

    /** Where in the source a picture at {@code micros} on the output's time line has its timestamp. */
    long pictureSourceMicros(long micros) {
        return micros + videoStartMicros - pictureLeadMicros;
    }

    private static long startMicros(AVStream stream) {
        return stream.start_time() == avutil.AV_NOPTS_VALUE ? Long.MAX_VALUE
                : avutil.av_rescale_q(stream.start_time(), stream.time_base(), avutil.av_make_q(1, 1_000_000));
    }
}
