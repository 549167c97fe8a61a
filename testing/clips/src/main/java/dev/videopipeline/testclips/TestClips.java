package dev.videopipeline.testclips;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Small real video files, made with FFmpeg through JavaCV: a moving test pattern and a tone, in
 * any container a phone, camera or screen recorder writes. Every clip gets a fresh file name.
 */
public final class TestClips {

    /** Pictures a second of every clip but those made with a rate of their own. */
    public static final int FPS = 25;
    private static final int SAMPLE_RATE = 48_000;

    private TestClips() {
    }

    /** The containers a phone, a camera or a screen recorder writes, with codecs they hold. */
    public enum Kind {
        MP4("mp4", "mp4", avcodec.AV_CODEC_ID_H264, avcodec.AV_CODEC_ID_AAC),
        MOV("mov", "mov", avcodec.AV_CODEC_ID_H264, avcodec.AV_CODEC_ID_AAC),
        THREE_GP("3gp", "3gp", avcodec.AV_CODEC_ID_H264, avcodec.AV_CODEC_ID_AAC),
        MKV("matroska", "mkv", avcodec.AV_CODEC_ID_H264, avcodec.AV_CODEC_ID_AAC),
        WEBM("webm", "webm", avcodec.AV_CODEC_ID_VP8, avcodec.AV_CODEC_ID_OPUS),
        AVI("avi", "avi", avcodec.AV_CODEC_ID_MPEG4, avcodec.AV_CODEC_ID_NONE),
        MPEG_TS("mpegts", "ts", avcodec.AV_CODEC_ID_H264, avcodec.AV_CODEC_ID_AAC),
        MPEG_PS("vob", "mpg", avcodec.AV_CODEC_ID_MPEG2VIDEO, avcodec.AV_CODEC_ID_MP2),
        FLV("flv", "flv", avcodec.AV_CODEC_ID_FLV1, avcodec.AV_CODEC_ID_NONE),
        ASF("asf", "wmv", avcodec.AV_CODEC_ID_WMV2, avcodec.AV_CODEC_ID_NONE);

        final String format;
        final String extension;
        final int videoCodec;
        final int audioCodec;

        Kind(String format, String extension, int videoCodec, int audioCodec) {
            this.format = format;
            this.extension = extension;
            this.videoCodec = videoCodec;
            this.audioCodec = audioCodec;
        }
    }

    public static Path mp4(Path dir, double seconds) {
        return write(dir, Kind.MP4, seconds, 320, 240);
    }

    public static Path write(Path dir, Kind kind, double seconds, int width, int height) {
        return write(dir, kind, seconds, width, height, kind.audioCodec != avcodec.AV_CODEC_ID_NONE, 0);
    }

    /**
     * @param audio           whether to add a tone track (the kind's audio codec)
     * @param displayRotation degrees of the display matrix, as a phone held upright writes 90 or -90
     */
    public static Path write(Path dir, Kind kind, double seconds, int width, int height, boolean audio,
                             double displayRotation) {
        Path file = newFile(dir, kind.name().toLowerCase() + "-" + width + "x" + height, kind.extension);
        return record(file, kind, seconds, width, height, audio, displayRotation, frame -> 1);
    }

    /** An MP4 with sound at {@code fps} pictures a second ({@link #checkFrameRate}). */
    public static Path mp4(Path dir, double seconds, int width, int height, int fps) {
        checkFrameRate(fps);
        Path file = newFile(dir, "mp4-" + width + "x" + height + "-" + fps, "mp4");
        return record(file, Kind.MP4, seconds, width, height, true, 0, frame -> 1, Map.of(), TestClips::paint, fps);
    }

    /** A clip's sound comes in blocks one picture long, so its rate must divide the sound's 48,000 Hz (24, 25, 30, 50, 60 do). */
    public static void checkFrameRate(int fps) {
        if (fps < 1 || SAMPLE_RATE % fps != 0) {
            throw new IllegalArgumentException("a clip's frame rate must divide its sound's " + SAMPLE_RATE + " Hz: " + fps);
        }
    }

    /**
     * A phone-like MP4 with a variable frame rate and sound: 25 pictures a second for the first
     * half, then one every third tick (8.3 a second), each sound block as long as its picture.
     */
    public static Path variableFrameRate(Path dir, double seconds, int width, int height) {
        Path file = newFile(dir, "vfr-" + width + "x" + height, "mp4");
        int half = (int) Math.round(seconds * FPS / 2);
        return record(file, Kind.MP4, seconds, width, height, true, 0, frame -> frame < half ? 1 : 3);
    }

    /** An MP4 whose {@code moov} box comes before its media data, as a "fast start" (web) export writes it. */
    public static Path moovFirst(Path dir, double seconds, int width, int height) {
        Path file = newFile(dir, "moov-first-" + width + "x" + height, "mp4");
        return record(file, Kind.MP4, seconds, width, height, true, 0, frame -> 1, Map.of("movflags", "faststart"),
                TestClips::paint, FPS);
    }

    /**
     * An MP4 whose coded picture is dark but for a white top-left quarter, so that a test can tell
     * which way up a rendition of it is shown; with the display rotation a phone writes.
     */
    public static Path cornerMarked(Path dir, double seconds, int width, int height, double displayRotation) {
        Path file = newFile(dir, "corner-" + width + "x" + height, "mp4");
        return record(file, Kind.MP4, seconds, width, height, true, displayRotation, frame -> 1, Map.of(),
                TestClips::paintCorner, FPS);
    }

    /** Sound and no picture: in an MP4 (brand {@code isom}), or with {@code m4a} in the M4A brand of music files. */
    public static Path audioOnly(Path dir, double seconds, boolean m4a) {
        Path file = newFile(dir, "audio-only", m4a ? "m4a" : "mp4");
        try (var recorder = new FFmpegFrameRecorder(file.toFile(), 1)) {
            recorder.setFormat(m4a ? "ipod" : "mp4");
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            recorder.setSampleRate(SAMPLE_RATE);
            recorder.start();
            int ticks = (int) Math.round(seconds * FPS);
            recorder.recordSamples(SAMPLE_RATE, 1, tone(FPS, 0, ticks));
            recorder.stop();
        } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
            throw new IllegalStateException("cannot write a sound-only clip: " + e.getMessage(), e);
        }
        return file;
    }

    /** Writes pictures until {@code seconds}; picture {@code i} lasts {@code ticks(i)} ticks of 1/{@value #FPS} s. */
    private static Path record(Path file, Kind kind, double seconds, int width, int height, boolean audio,
                               double displayRotation, IntUnaryOperator ticks) {
        return record(file, kind, seconds, width, height, audio, displayRotation, ticks, Map.of(), TestClips::paint, FPS);
    }

    /** Paints picture {@code frameIndex} into a BGR image of {@code stride} bytes a row. */
    private interface Painter {
        void paint(ByteBuffer image, int width, int height, int stride, int frameIndex);
    }

    private static Path record(Path file, Kind kind, double seconds, int width, int height, boolean audio,
                               double displayRotation, IntUnaryOperator ticks, Map<String, String> muxerOptions,
                               Painter painter, int fps) {
        try (var recorder = new FFmpegFrameRecorder(file.toFile(), width, height, audio ? 1 : 0)) {
            recorder.setFormat(kind.format);
            muxerOptions.forEach(recorder::setOption);
            recorder.setVideoCodec(kind.videoCodec);
            recorder.setFrameRate(fps);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            if (displayRotation != 0) {
                recorder.setDisplayRotation(displayRotation);
            }
            recorder.setVideoOption("preset", "ultrafast");
            if (audio) {
                recorder.setAudioCodec(kind.audioCodec);
                recorder.setSampleRate(SAMPLE_RATE);
                recorder.setAudioChannels(1);
            }
            recorder.start();
            var frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            int end = (int) Math.round(seconds * fps);
            for (int i = 0, tick = 0; tick < end; tick += ticks.applyAsInt(i), i++) {
                painter.paint((ByteBuffer) frame.image[0], width, height, frame.imageStride, i);
                recorder.setFrameNumber(tick);
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
                if (audio) {
                    int lasting = Math.min(ticks.applyAsInt(i), end - tick);
                    recorder.recordSamples(SAMPLE_RATE, 1, tone(fps, tick, lasting));
                }
            }
            recorder.stop();
        } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
            throw new IllegalStateException("cannot write a " + kind + " clip: " + e.getMessage(), e);
        }
        return file;
    }

    /** A file that starts like a real MP4 and is padded with deterministic bytes up to {@code size}. */
    public static Path mp4Padded(Path dir, long size) {
        Path clip = mp4(dir, 1);
        try {
            long remaining = size - Files.size(clip);
            byte[] block = new byte[1 << 20];
            for (int i = 0; i < block.length; i++) {
                block[i] = (byte) (i * 31);
            }
            try (var out = Files.newOutputStream(clip, java.nio.file.StandardOpenOption.APPEND)) {
                while (remaining > 0) {
                    int n = (int) Math.min(block.length, remaining);
                    out.write(block, 0, n);
                    remaining -= n;
                }
            }
            return clip;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh name for every clip, so no test ever sees another's file. */
    private static Path newFile(Path dir, String name, String extension) {
        try {
            return Files.createTempFile(dir, "clip-" + name + "-", "." + extension);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void paint(ByteBuffer image, int width, int height, int stride, int frameIndex) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int at = y * stride + x * 3;
                image.put(at, (byte) (x + frameIndex * 4));
                image.put(at + 1, (byte) (y + frameIndex * 2));
                image.put(at + 2, (byte) ((x ^ y) + frameIndex));
            }
        }
    }

    private static void paintCorner(ByteBuffer image, int width, int height, int stride, int frameIndex) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                byte value = (byte) (x < width / 2 && y < height / 2 ? 255 : 16);
                int at = y * stride + x * 3;
                image.put(at, value);
                image.put(at + 1, value);
                image.put(at + 2, value);
            }
        }
    }

    /** A 440 Hz tone from tick {@code fromTick}, {@code ticks} ticks of 1/{@code fps} s long. */
    private static ShortBuffer tone(int fps, int fromTick, int ticks) {
        int perTick = SAMPLE_RATE / fps;
        short[] pcm = new short[perTick * ticks];
        for (int i = 0; i < pcm.length; i++) {
            double t = (fromTick * perTick + i) / (double) SAMPLE_RATE;
            pcm[i] = (short) (Math.sin(2 * Math.PI * 440 * t) * 8000);
        }
        return ShortBuffer.wrap(pcm);
    }
}
