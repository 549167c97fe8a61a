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
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;

/**
 * One rung's filter ({@link PictureFilter}) and H.264/AAC MP4 recorder, on the output's time line:
 * the caller gives each frame its place on it, from 0 where the source's earliest stream starts.
 * Pictures go on the output's frame grid by that place, so variable frame rate video (phones) stays
 * in step with its sound ({@link SoundTrack}); two pictures on the same tick keep the first; a
 * picture stream that starts late gets black before it. A chunk's output has pictures only,
 * numbered from its first tick. Key frames fall every {@link #KEYFRAME_SECONDS} s of pictures and nowhere
 * else (no scene-cut key frames, closed GOPs), so every rung, fed the same pictures, has them at
 * the same instants and HLS cuts its variants at the same boundaries; a VBV bounds each rung's peak.
 * Used by one thread at a time.
 */
final class RungEncoder {

    static final int KEYFRAME_SECONDS = 2;
    /** Above this the grid would serve no viewer (and some containers declare 1000 fps from a time base). */
    private static final double MAX_FRAME_RATE = 60;
    private static final double DEFAULT_FRAME_RATE = 30;
    /** The peak a rung may reach over its target, and the buffer it is averaged over (in seconds at that peak). */
    private static final double PEAK_OVER_TARGET = 1.5;
    private static final double VBV_SECONDS = 2;
    /**
     * Streaming players play stereo; a camera's 6 or 16 channels would make every rung bigger, and
     * AAC refuses more than 8. The recorder mixes the source's channels down.
     */
    private static final int MAX_AUDIO_CHANNELS = 2;

    private final Rung rung;
    private final Path file;
    private final FFmpegFrameFilter filter;
    private final FFmpegFrameRecorder recorder;
    private final SoundTrack sound;
    /** The ticks the output has: all, or a chunk's, from its first. */
    private final long originTick;
    private final long endTick;
    /** Pictures encoded past {@code endTick} for x264's look-ahead, then dropped when the chunks are joined. */
    private final int postRoll;
    private final int keyInterval;
    private long postRolled;
    private long lastPostRollTick = -1;
    /** The ticks of the pictures pushed into the filter and not pulled yet (it keeps their order, one out per one in). */
    private final ArrayDeque<Long> pendingTicks = new ArrayDeque<>();
    private long lastTick = -1;
    private long firstTick = -1;
    private long pictures;

    private RungEncoder(Rung rung, Path file, FFmpegFrameFilter filter, FFmpegFrameRecorder recorder, long originTick,
                        long endTick, int postRoll, int keyInterval) {
        this.rung = rung;
        this.file = file;
        this.filter = filter;
        this.recorder = recorder;
        this.sound = recorder.getAudioChannels() > 0 ? new SoundTrack(recorder) : null;
        this.originTick = originTick;
        this.endTick = endTick;
        this.postRoll = postRoll;
        this.keyInterval = keyInterval;
    }

    /** A whole rendition, pictures and sound, in {@code dir}. */
    static RungEncoder open(Rung rung, FFmpegFrameGrabber source, int rotation, Path dir)
            throws FrameFilter.Exception, FrameRecorder.Exception {
        return open(rung, source, rotation, dir.resolve(rung.name() + ".mp4"), 0, Long.MAX_VALUE, 0, source.hasAudio());
    }

    /**
     * @param originTick the output's first tick: a chunk's pictures are numbered from its start, and
     *                   only the video's start is filled with black up to its first picture
     * @param endTick    the tick after its last; pictures outside the two still go through the filter,
     *                   so that a deinterlacer sees a seam picture's neighbours as a whole encode does
     * @param postRoll   pictures from {@code endTick} on to encode too, not counted as the output's
     *                   (see {@link #recordFiltered}); 0 for none
     * @param withSound  whether the source's sound is encoded too (a chunk's is not: the sound is encoded once)
     */
    static RungEncoder open(Rung rung, FFmpegFrameGrabber source, int rotation, Path file, long originTick,
                            long endTick, int postRoll, boolean withSound) throws FrameFilter.Exception, FrameRecorder.Exception {
        double frameRate = outputFrameRate(source);
        int fieldOrder = SourceProbe.videoStream(source).codecpar().field_order();
        var filter = new FFmpegFrameFilter(PictureFilter.describe(fieldOrder, rotation, rung),
                source.getImageWidth(), source.getImageHeight());
        filter.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        filter.setFrameRate(frameRate);
        var recorder = new FFmpegFrameRecorder(file.toFile(), rung.width(), rung.height(),
                withSound ? audioChannels(source) : 0);
        try {
            filter.start();
            recorder.setFormat("mp4");
            recorder.setVideoCodecName(H264EncoderCheck.ENCODER);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(frameRate);
            recorder.setAspectRatio(1);
            int keyInterval = keyInterval(frameRate);
            recorder.setGopSize(keyInterval);
            recorder.setVideoBitrate(rung.videoKbps() * 1000);
            recorder.setVideoOption("preset", "veryfast");
            recorder.setVideoOption("x264-params", "keyint=" + keyInterval + ":min-keyint=" + keyInterval
                    + ":scenecut=0:open-gop=0");
            long peak = Math.round(rung.videoKbps() * 1000 * PEAK_OVER_TARGET);
            recorder.setVideoOption("maxrate", String.valueOf(peak));
            recorder.setVideoOption("bufsize", String.valueOf(Math.round(peak * VBV_SECONDS)));
            recorder.setOption("movflags", "+faststart");
            if (withSound) {
                setSound(recorder, source, rung.audioKbps());
            }
            recorder.start();
            return new RungEncoder(rung, file, filter, recorder, originTick, endTick, postRoll, keyInterval);
        } catch (FrameFilter.Exception | FrameRecorder.Exception | RuntimeException e) {
            closeBoth(filter, recorder);
            throw e;
        }
    }

    static int audioChannels(FFmpegFrameGrabber source) {
        return source.hasAudio() ? Math.min(source.getAudioChannels(), MAX_AUDIO_CHANNELS) : 0;
    }

    static void setSound(FFmpegFrameRecorder recorder, FFmpegFrameGrabber source, int kbps) {
        recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
        recorder.setAudioBitrate(kbps * 1000);
        recorder.setSampleRate(source.getSampleRate());
    }

    /** Pictures from one key frame to the next, on a grid of {@code frameRate}. */
    static int keyInterval(double frameRate) {
        return (int) Math.round(frameRate * KEYFRAME_SECONDS);
    }

    /** The tick of the output's frame grid a place on its time line falls on. */
    static long tick(long micros, double frameRate) {
        return Math.round(micros * frameRate / 1_000_000);
    }

    /**
     * Encodes a decoded picture or block of sound; the frame is only read, and not kept.
     *
     * @param micros where the frame belongs on the output's time line
     */
    void accept(Frame frame, long micros) throws FrameFilter.Exception, FrameRecorder.Exception {
        if (frame.image != null) {
            pendingTicks.add(tick(micros, recorder.getFrameRate()) - originTick);
            filter.push(frame, avutil.AV_PIX_FMT_YUV420P);
            recordFiltered();
        }
        if (sound != null && SoundTrack.isSound(frame)) {
            long picturesAt = Math.round((Math.max(0, lastTick) + originTick) * 1_000_000 / recorder.getFrameRate());
            sound.record(frame, micros, picturesAt);
        }
    }

    private void recordFiltered() throws FrameFilter.Exception, FrameRecorder.Exception {
        Frame picture;
        while ((picture = filter.pull()) != null) {
            long tick = pendingTicks.isEmpty() ? lastTick + 1 : pendingTicks.poll();
            if (lastTick < 0 && tick > 0 && originTick == 0) {
                recordBlackLike(picture);
            }
            if (tick > lastTick && tick < endTick - originTick) {
                record(picture, tick);
            } else if (tick >= endTick - originTick && tick > lastPostRollTick && postRolls()) {
                recorder.setFrameNumber((int) tick);
                recorder.record(picture, filter.getPixelFormat());
                lastPostRollTick = tick;
                postRolled++;
            }
        }
    }

    /**
     * Whether this picture past the end is encoded too: without pictures after them, x264 encodes a
     * stream's last few with its look-ahead cut short, some dB below the whole encode's at every
     * seam. Only where the first of them starts a GOP (the fixed GOP counts pictures, and a source
     * with gaps can put the key frame elsewhere): then the join can cut there, at an IDR that
     * nothing kept refers past.
     */
    private boolean postRolls() {
        return postRolled < postRoll && (postRolled > 0 || pictures % keyInterval == 0);
    }

    /** The pictures start after the sound: black until they do, at tick 0. */
    private void recordBlackLike(Frame picture) throws FrameRecorder.Exception {
        try (Frame black = picture.clone()) {
            var planes = (ByteBuffer) black.image[0];
            int luma = picture.imageWidth * picture.imageHeight;
            for (int i = 0; i < planes.limit(); i++) {
                planes.put(i, (byte) (i < luma ? 16 : 128));
            }
            record(black, 0);
        }
    }

    private void record(Frame picture, long tick) throws FrameRecorder.Exception {
        if (firstTick < 0) {
            firstTick = tick;
        }
        lastTick = tick;
        pictures++;
        recorder.setFrameNumber((int) tick);
        recorder.record(picture, filter.getPixelFormat());
    }

    /** The first picture's tick, from the output's origin; -1 before any. */
    long firstTick() {
        return firstTick;
    }

    /** The last picture's tick, from the output's origin; -1 before any. */
    long lastTick() {
        return lastTick;
    }

    long pictures() {
        return pictures;
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
