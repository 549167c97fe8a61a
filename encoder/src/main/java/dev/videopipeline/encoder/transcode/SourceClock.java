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
 * its place against the others, so sound that starts after the pictures still does.
 */
final class SourceClock {

    private final long originMicros;

    private SourceClock(long originMicros) {
        this.originMicros = originMicros;
    }

    static SourceClock of(FFmpegFrameGrabber grabber) {
        var context = grabber.getFormatContext();
        AVStream video = SourceProbe.videoStream(grabber);
        long origin = Long.MAX_VALUE;
        boolean audioSeen = false;
        // The streams JavaCV decodes: that video stream, and the first audio stream with a known codec.
        for (int i = 0; i < context.nb_streams(); i++) {
            AVStream stream = context.streams(i);
            var parameters = stream.codecpar();
            boolean audio = parameters.codec_type() == avutil.AVMEDIA_TYPE_AUDIO
                    && parameters.codec_id() != avcodec.AV_CODEC_ID_NONE;
            boolean decoded = stream.equals(video) || audio && !audioSeen;
            audioSeen |= audio;
            if (decoded && stream.start_time() != avutil.AV_NOPTS_VALUE) {
                origin = Math.min(origin, avutil.av_rescale_q(stream.start_time(), stream.time_base(),
                        avutil.av_make_q(1, 1_000_000)));
            }
        }
        if (origin == Long.MAX_VALUE) {
            origin = context.start_time() == avutil.AV_NOPTS_VALUE ? 0 : context.start_time();
        }
        return new SourceClock(origin);
    }

    /** The frame's place on the output's time line, in microseconds (never before its start). */
    long place(Frame frame) {
        return Math.max(0, frame.timestamp - originMicros);
    }
}
