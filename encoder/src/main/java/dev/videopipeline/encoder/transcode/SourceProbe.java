package dev.videopipeline.encoder.transcode;

import dev.videopipeline.common.video.Probe;
import jakarta.inject.Singleton;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/** Opens a source with FFmpeg and reads what the ladder and the item need to know about it. */
@Singleton
public class SourceProbe {

    /**
     * Pixel shapes outside this range are no camera's (anamorphic formats stay within 2:1); a
     * stream declaring one is taken as square rather than stretched into a picture no rung fits.
     */
    private static final double MAX_PIXEL_STRETCH = 3;

    /** @throws UnreadableSourceException when FFmpeg cannot open it or it has no video */
    public Probe probe(SourceFile source) {
        try (var grabber = source.grabber()) {
            grabber.start();
            if (!grabber.hasVideo()) {
                throw new UnreadableSourceException("The file has sound but no picture.", null);
            }
            AVStream video = videoStream(grabber);
            int[] sar = pixelShape(grabber, video);
            return Probe.of(
                    grabber.getLengthInTime() / 1_000_000.0,
                    grabber.getImageWidth(),
                    grabber.getImageHeight(),
                    grabber.getVideoCodecName(),
                    grabber.hasAudio() ? grabber.getAudioCodecName() : null,
                    clockwise(grabber.getDisplayRotation()),
                    grabber.getFrameRate(),
                    sar[0], sar[1],
                    interlaced(video));
        } catch (FrameGrabber.Exception e) {
            throw new UnreadableSourceException("The file is not a video we can read.", e);
        }
    }

    /** The stream JavaCV decodes: the first video stream with a known codec. */
    static AVStream videoStream(FFmpegFrameGrabber grabber) {
        var context = grabber.getFormatContext();
        for (int i = 0; i < context.nb_streams(); i++) {
            var parameters = context.streams(i).codecpar();
            if (parameters.codec_type() == avutil.AVMEDIA_TYPE_VIDEO && parameters.codec_id() != avcodec.AV_CODEC_ID_NONE) {
                return context.streams(i);
            }
        }
        throw new IllegalStateException("no video stream, though the grabber has video");
    }

    /** Whether the stream says its pictures are two fields (broadcast, DV, DVD, HDV). */
    static boolean interlaced(AVStream video) {
        int order = video.codecpar().field_order();
        return order != avcodec.AV_FIELD_PROGRESSIVE && order != avcodec.AV_FIELD_UNKNOWN;
    }

    /** The container's or else the codec's sample aspect ratio, reduced; 1:1 when unknown or absurd. */
    private static int[] pixelShape(FFmpegFrameGrabber grabber, AVStream video) {
        AVRational guessed = avformat.av_guess_sample_aspect_ratio(grabber.getFormatContext(), video, (AVFrame) null);
        int num = guessed.num();
        int den = guessed.den();
        if (num <= 0 || den <= 0 || num > MAX_PIXEL_STRETCH * den || den > MAX_PIXEL_STRETCH * num) {
            return new int[] {1, 1};
        }
        int gcd = java.math.BigInteger.valueOf(num).gcd(java.math.BigInteger.valueOf(den)).intValue();
        return new int[] {num / gcd, den / gcd};
    }

    /**
     * FFmpeg's display matrix turns counterclockwise (a phone held upright records -90); players
     * and this project's {@link Probe#rotation()} count clockwise, in quarter turns.
     */
    static int clockwise(double displayRotation) {
        int quarterTurns = (int) Math.round(-displayRotation / 90.0);
        return Math.floorMod(quarterTurns * 90, 360);
    }
}
