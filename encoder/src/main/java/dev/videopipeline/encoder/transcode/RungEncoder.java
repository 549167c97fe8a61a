package dev.videopipeline.encoder.transcode;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameFilter;
import org.bytedeco.javacv.FrameRecorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * One rung's filter (turned upright, scaled) and H.264/AAC MP4 recorder. Pictures are placed by
 * their own timestamps on the output's frame grid, so variable frame rate video (phones) stays in
 * step with its sound; two pictures on the same tick keep the first. Used by one thread at a time.
 */
final class RungEncoder {

    /** Key frames every two seconds, so the HLS segmenter can cut anywhere on that grid. */
    private static final int KEYFRAME_SECONDS = 2;
    /** Above this the grid would serve no viewer (and some containers declare 1000 fps from a time base). */
    private static final double MAX_FRAME_RATE = 60;
    private static final double DEFAULT_FRAME_RATE = 30;
    /**
     * Streaming players play stereo; a camera's 6 or 16 channels would make every rung bigger, and
     * AAC refuses more than 8. The recorder mixes the source's channels down.
     */
    private static final int MAX_AUDIO_CHANNELS = 2;

    private final Rung rung;
    private final Path file;
    private final FFmpegFrameFilter filter;
    private final FFmpegFrameRecorder recorder;
    private long lastTick = -1;

    private RungEncoder(Rung rung, Path file, FFmpegFrameFilter filter, FFmpegFrameRecorder recorder) {
        this.rung = rung;
        this.file = file;
        this.filter = filter;
        this.recorder = recorder;
    }

    static RungEncoder open(Rung rung, FFmpegFrameGrabber source, int rotation, Path dir)
            throws FrameFilter.Exception, FrameRecorder.Exception {
        double frameRate = outputFrameRate(source);
        var filter = new FFmpegFrameFilter(upright(rotation) + "scale=" + rung.width() + ":" + rung.height(),
                source.getImageWidth(), source.getImageHeight());
        filter.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        filter.setFrameRate(frameRate);
        Path file = dir.resolve(rung.name() + ".mp4");
        var recorder = new FFmpegFrameRecorder(file.toFile(), rung.width(), rung.height(),
                source.hasAudio() ? Math.min(source.getAudioChannels(), MAX_AUDIO_CHANNELS) : 0);
        try {
            filter.start();
            recorder.setFormat("mp4");
            recorder.setVideoCodecName(H264EncoderCheck.ENCODER);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(frameRate);
            recorder.setGopSize((int) Math.round(frameRate * KEYFRAME_SECONDS));
            recorder.setVideoBitrate(rung.videoKbps() * 1000);
            recorder.setVideoOption("preset", "veryfast");
            recorder.setOption("movflags", "+faststart");
            if (source.hasAudio()) {
                recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                recorder.setAudioBitrate(rung.audioKbps() * 1000);
                recorder.setSampleRate(source.getSampleRate());
            }
            recorder.start();
            return new RungEncoder(rung, file, filter, recorder);
        } catch (FrameFilter.Exception | FrameRecorder.Exception | RuntimeException e) {
            closeBoth(filter, recorder);
            throw e;
        }
    }

    /** Encodes a decoded picture or block of sound; the frame is only read, and not kept. */
    void accept(Frame frame) throws FrameFilter.Exception, FrameRecorder.Exception {
        if (frame.image != null) {
            filter.push(frame, avutil.AV_PIX_FMT_YUV420P);
            Frame picture;
            while ((picture = filter.pull()) != null) {
                long tick = Math.round(frame.timestamp * recorder.getFrameRate() / 1_000_000);
                if (tick > lastTick) {
                    lastTick = tick;
                    recorder.setFrameNumber((int) tick);
                    recorder.record(picture, filter.getPixelFormat());
                }
            }
        }
        if (frame.samples != null) {
            recorder.recordSamples(frame.sampleRate, frame.audioChannels, frame.samples);
        }
    }

    /** Flushes the encoders and writes the file's index. */
    RenditionFile finish() throws FrameRecorder.Exception, FrameFilter.Exception {
        filter.stop();
        recorder.stop();
        return new RenditionFile(rung, file);
    }

    void close() {
        closeBoth(filter, recorder);
    }

    private static void closeBoth(FFmpegFrameFilter filter, FFmpegFrameRecorder recorder) {
        try {
            filter.close();
            recorder.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The output's frame grid. Variable frame rate video averages less than it shows at its
     * fastest, so the stream's base rate (r_frame_rate) comes first: on the average's grid the
     * fast parts would lose pictures.
     */
    static double outputFrameRate(FFmpegFrameGrabber source) {
        var context = source.getFormatContext();
        int video = avformat.av_find_best_stream(context, avutil.AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
        double base = video < 0 ? 0 : avutil.av_q2d(context.streams(video).r_frame_rate());
        return outputFrameRate(base, source.getFrameRate());
    }

    static double outputFrameRate(double base, double average) {
        for (double rate : new double[] {base, average}) {
            if (rate > 0 && rate <= MAX_FRAME_RATE) {
                return rate;
            }
        }
        return base > MAX_FRAME_RATE || average > MAX_FRAME_RATE ? MAX_FRAME_RATE : DEFAULT_FRAME_RATE;
    }

    /** Players get an upright picture and no rotation to apply (clockwise degrees, as in Probe). */
    private static String upright(int rotation) {
        return switch (rotation) {
            case 90 -> "transpose=clock,";
            case 180 -> "hflip,vflip,";
            case 270 -> "transpose=cclock,";
            default -> "";
        };
    }
}
