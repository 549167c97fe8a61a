package dev.videopipeline.encoder.transcode;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameFilter;
import org.bytedeco.javacv.FrameRecorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;

/**
 * One rung's filter ({@link PictureFilter}) and H.264/AAC MP4 recorder, on the output's time line:
 * the caller gives each frame its place on it, from 0 where the source's earliest stream starts.
 * Pictures go on the output's frame grid by that place, so variable frame rate video (phones) stays
 * in step with its sound; two pictures on the same tick keep the first; a picture stream that starts
 * late gets black before it, and sound that starts late or pauses gets silence, so that neither
 * moves against the other. Key frames fall every {@link #KEYFRAME_SECONDS} s of pictures and nowhere
 * else (no scene-cut key frames, closed GOPs), so every rung, fed the same pictures, has them at
 * the same instants and HLS cuts its variants at the same boundaries; a VBV bounds each rung's peak.
 * Used by one thread at a time.
 */
final class RungEncoder {

    private static final int KEYFRAME_SECONDS = 2;
    /** Above this the grid would serve no viewer (and some containers declare 1000 fps from a time base). */
    private static final double MAX_FRAME_RATE = 60;
    private static final double DEFAULT_FRAME_RATE = 30;
    /** The peak a rung may reach over its target, and the buffer it is averaged over (in seconds at that peak). */
    private static final double PEAK_OVER_TARGET = 1.5;
    private static final double VBV_SECONDS = 2;
    /** A pause in the sound longer than this is filled with silence; shorter ones are the codecs' jitter. */
    private static final long SOUND_GAP_MICROS = 100_000;
    /**
     * A pause in the sound is filled when it is this short, or when the pictures went on through it
     * (it ends no further than this past them); a late start, up to
     * {@link #MAX_SOUND_LATE_START_MICROS}. Anything longer is the sound's clock jumping (a splice, a
     * restart) while the pictures' did not: the sound goes on where it stands, its clock re-based,
     * so that no jump becomes hours of silence.
     */
    private static final long MAX_SOUND_GAP_MICROS = 1_000_000;
    private static final long MAX_SOUND_LATE_START_MICROS = 30_000_000;
    private static final int SILENCE_BLOCK_SAMPLES = 48_000;
    /**
     * Streaming players play stereo; a camera's 6 or 16 channels would make every rung bigger, and
     * AAC refuses more than 8. The recorder mixes the source's channels down.
     */
    private static final int MAX_AUDIO_CHANNELS = 2;

    private final Rung rung;
    private final Path file;
    private final FFmpegFrameFilter filter;
    private final FFmpegFrameRecorder recorder;
    /** The ticks of the pictures pushed into the filter and not pulled yet (it keeps their order, one out per one in). */
    private final ArrayDeque<Long> pendingTicks = new ArrayDeque<>();
    private long lastTick = -1;
    private long soundSamples;
    /** What the sound's clock jumped by, and was not filled with silence. */
    private long soundSkippedMicros;

    private RungEncoder(Rung rung, Path file, FFmpegFrameFilter filter, FFmpegFrameRecorder recorder) {
        this.rung = rung;
        this.file = file;
        this.filter = filter;
        this.recorder = recorder;
    }

    static RungEncoder open(Rung rung, FFmpegFrameGrabber source, int rotation, Path dir)
            throws FrameFilter.Exception, FrameRecorder.Exception {
        double frameRate = outputFrameRate(source);
        int fieldOrder = SourceProbe.videoStream(source).codecpar().field_order();
        var filter = new FFmpegFrameFilter(PictureFilter.describe(fieldOrder, rotation, rung),
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
            recorder.setAspectRatio(1);
            int keyInterval = (int) Math.round(frameRate * KEYFRAME_SECONDS);
            recorder.setGopSize(keyInterval);
            recorder.setVideoBitrate(rung.videoKbps() * 1000);
            recorder.setVideoOption("preset", "veryfast");
            recorder.setVideoOption("x264-params", "keyint=" + keyInterval + ":min-keyint=" + keyInterval
                    + ":scenecut=0:open-gop=0");
            long peak = Math.round(rung.videoKbps() * 1000 * PEAK_OVER_TARGET);
            recorder.setVideoOption("maxrate", String.valueOf(peak));
            recorder.setVideoOption("bufsize", String.valueOf(Math.round(peak * VBV_SECONDS)));
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

    /**
     * Encodes a decoded picture or block of sound; the frame is only read, and not kept.
     *
     * @param micros where the frame belongs on the output's time line
     */
    void accept(Frame frame, long micros) throws FrameFilter.Exception, FrameRecorder.Exception {
        if (frame.image != null) {
            pendingTicks.add(Math.round(micros * recorder.getFrameRate() / 1_000_000));
            filter.push(frame, avutil.AV_PIX_FMT_YUV420P);
            recordFiltered();
        }
        if (frame.samples != null && frame.sampleRate > 0 && frame.audioChannels > 0) {
            long at = soundSamples * 1_000_000 / frame.sampleRate + soundSkippedMicros;
            long gap = micros - at;
            // Before the first sound any delay is its place; later, only a pause longer than jitter.
            boolean starting = soundSamples == 0;
            if (gap > (starting ? 0 : SOUND_GAP_MICROS)) {
                long picturesAt = Math.round(Math.max(0, lastTick) * 1_000_000 / recorder.getFrameRate());
                boolean pause = starting ? gap <= MAX_SOUND_LATE_START_MICROS
                        : gap <= MAX_SOUND_GAP_MICROS || micros <= picturesAt + MAX_SOUND_GAP_MICROS;
                if (pause) {
                    recordSilence(frame, gap * frame.sampleRate / 1_000_000);
                } else {
                    soundSkippedMicros += gap;
                }
            }
            recordSound(frame, frame.samples);
        }
    }

    private void recordSilence(Frame like, long samples) throws FrameRecorder.Exception {
        for (long left = samples; left > 0; left -= SILENCE_BLOCK_SAMPLES) {
            recordSound(like, Silence.like(like.samples, like.audioChannels, (int) Math.min(left, SILENCE_BLOCK_SAMPLES)));
        }
    }

    private void recordSound(Frame frame, Buffer[] samples) throws FrameRecorder.Exception {
        recorder.recordSamples(frame.sampleRate, frame.audioChannels, samples);
        soundSamples += Silence.perChannel(samples, frame.audioChannels);
    }

    private void recordFiltered() throws FrameFilter.Exception, FrameRecorder.Exception {
        Frame picture;
        while ((picture = filter.pull()) != null) {
            long tick = pendingTicks.isEmpty() ? lastTick + 1 : pendingTicks.poll();
            if (lastTick < 0 && tick > 0) {
                recordBlackLike(picture);
            }
            if (tick > lastTick) {
                lastTick = tick;
                recorder.setFrameNumber((int) tick);
                recorder.record(picture, filter.getPixelFormat());
            }
        }
    }

    /** The pictures start after the sound: black until they do, at tick 0. */
    private void recordBlackLike(Frame picture) throws FrameRecorder.Exception {
        try (Frame black = picture.clone()) {
            var planes = (ByteBuffer) black.image[0];
            int luma = picture.imageWidth * picture.imageHeight;
            for (int i = 0; i < planes.limit(); i++) {
                planes.put(i, (byte) (i < luma ? 16 : 128));
            }
            lastTick = 0;
            recorder.setFrameNumber(0);
            recorder.record(black, filter.getPixelFormat());
        }
    }

    /** Flushes the filter (a deinterlacer holds a picture back) and the encoders, and writes the file's index. */
    RenditionFile finish() throws FrameRecorder.Exception, FrameFilter.Exception {
        filter.push(null);
        recordFiltered();
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
     * fast parts would lose pictures. Key frames come every so many pictures of it, so where a
     * stream shows fewer pictures than its grid has ticks, they come later than every 2 s (the
     * same in every rung).
     */
    static double outputFrameRate(FFmpegFrameGrabber source) {
        var video = SourceProbe.videoStream(source);
        return outputFrameRate(avutil.av_q2d(video.r_frame_rate()), source.getFrameRate(), SourceProbe.interlaced(video));
    }

    static double outputFrameRate(double base, double average, boolean interlaced) {
        // An interlaced stream's base rate is often its field rate; deinterlaced, it has a picture per frame.
        if (interlaced && Math.abs(base - 2 * average) < base * 0.01) {
            base = average;
        }
        for (double rate : new double[] {base, average}) {
            if (rate > 0 && rate <= MAX_FRAME_RATE) {
                return rate;
            }
        }
        return base > MAX_FRAME_RATE || average > MAX_FRAME_RATE ? MAX_FRAME_RATE : DEFAULT_FRAME_RATE;
    }
}
