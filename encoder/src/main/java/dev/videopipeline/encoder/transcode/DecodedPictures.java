package dev.videopipeline.encoder.transcode;

import dev.videopipeline.common.video.Probe;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.util.Locale;

/**
 * Whether a source's pictures decode. A damaged copy or a half-written camera card can keep its
 * container intact over picture data that is garbage: FFmpeg opens it, decodes its sound, and
 * drops every picture it cannot decode without a word. That will not change on a retry, so it is
 * a permanent failure, told as soon as it is sure: no picture by {@link #FIRST_PICTURE_WITHIN_MICROS}
 * into the time line, or at the end fewer than {@link #MIN_DECODED_SHARE} of the pictures the
 * picture stream counts, or {@link #MIN_ESTIMATED_SHARE} of those its length at its rate makes
 * (its own length, else the file's, which sound running on after the pictures can stretch).
 */
final class DecodedPictures {

    static final long FIRST_PICTURE_WITHIN_MICROS = 20_000_000;
    static final double MIN_DECODED_SHARE = 0.5;
    /** Where the count is estimated from a length, which sound running on after the pictures can stretch. */
    static final double MIN_ESTIMATED_SHARE = 0.25;
    /** Past this a declared rate is a time base, not a frame rate, and says nothing of the count. */
    private static final double MAX_TRUSTED_RATE = 60;
    private static final double MIN_EXPECTED_PICTURES = 10;

    private final double expected;
    private final double minShare;
    private long decoded;

    DecodedPictures(FFmpegFrameGrabber grabber, Probe probe) {
        AVStream video = SourceProbe.videoStream(grabber);
        boolean rateKnown = probe.frameRate() > 0 && probe.frameRate() <= MAX_TRUSTED_RATE;
        if (video.nb_frames() > 0) {
            this.expected = video.nb_frames();
            this.minShare = MIN_DECODED_SHARE;
        } else {
            // Matroska, FLV and fragmented MP4 say no count: the stream's own length, else the file's.
            double seconds = video.duration() != avutil.AV_NOPTS_VALUE && video.duration() > 0
                    ? video.duration() * avutil.av_q2d(video.time_base()) : probe.durationSeconds();
            this.expected = rateKnown ? seconds * probe.frameRate() : 0;
            this.minShare = MIN_ESTIMATED_SHARE;
        }
    }

    /** @throws UnreadableSourceException once the time line has gone too far without a picture */
    void count(Frame frame, long micros) {
        if (frame.image != null) {
            decoded++;
        } else if (decoded == 0 && micros > FIRST_PICTURE_WITHIN_MICROS) {
            throw damaged();
        }
    }

    /** Counts pictures decoded elsewhere: a chunked encode's chunks. */
    void add(long pictures) {
        decoded += pictures;
    }

    /** @throws UnreadableSourceException when too few of the pictures decoded */
    void requireEnough() {
        if (decoded == 0 || expected >= MIN_EXPECTED_PICTURES && decoded < expected * minShare) {
            throw damaged();
        }
    }

    private UnreadableSourceException damaged() {
        return new UnreadableSourceException(expected == 0 || decoded == 0
                ? "The pictures in the file are damaged: none could be decoded."
                : String.format(Locale.ROOT, "The pictures in the file are damaged: only %d of about %.0f could be decoded.",
                        decoded, expected), null);
    }
}
