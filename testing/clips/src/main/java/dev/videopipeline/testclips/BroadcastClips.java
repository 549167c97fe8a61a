package dev.videopipeline.testclips;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Clips as cameras, broadcasts and discs write them rather than phones: interlaced MPEG-2 with
 * non-square pixels (HDV, DVD), streams whose clock does not start at zero, sound that starts
 * after the pictures (or before them), and pictures that cut hard from one scene to the next.
 * Deterministic, under fresh names.
 */
public final class BroadcastClips {

    private static final int FPS = 25;
    private static final int SAMPLE_RATE = 48_000;

    private BroadcastClips() {
    }

    /** The containers MPEG-2 video comes in from cameras and discs. */
    public enum Mpeg2Container {
        TRANSPORT_STREAM("mpegts", "ts"), PROGRAM_STREAM("vob", "mpg");

        final String format;
        final String extension;

        Mpeg2Container(String format, String extension) {
            this.format = format;
            this.extension = extension;
        }
    }

    /**
     * Interlaced MPEG-2 (fields coded apart, bottom field first) with MP2 sound, its pixels
     * {@code sarNum:sarDen} wide: 1440x1080 at 4:3 is HDV, 720x480 at 32:27 a 16:9 DVD.
     */
    public static Path interlacedMpeg2(Path dir, Mpeg2Container container, double seconds, int width, int height,
                                       int sarNum, int sarDen) {
        Path file = newFile(dir, "interlaced-" + width + "x" + height, container.extension);
        try (var recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 1)) {
            recorder.setFormat(container.format);
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG2VIDEO);
            recorder.setVideoBitrate(4_000_000);
            recorder.setFrameRate(FPS);
            recorder.setAspectRatio(sarNum / (double) sarDen);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setVideoOption("flags", "+ildct+ilme");
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_MP2);
            recorder.setSampleRate(SAMPLE_RATE);
            recorder.setAudioBitrate(128_000);
            recorder.start();
            var frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            int pictures = (int) Math.round(seconds * FPS);
            for (int i = 0; i < pictures; i++) {
                paintBars((ByteBuffer) frame.image[0], width, height, frame.imageStride, i);
                recorder.setFrameNumber(i);
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
                recorder.recordSamples(SAMPLE_RATE, 1, tone(SAMPLE_RATE / FPS));
            }
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IllegalStateException("cannot write an interlaced clip: " + e.getMessage(), e);
        }
        return file;
    }

    /**
     * An H.264 MP4 whose picture cuts to a new flat colour every 17 pictures (0.68 s): an encoder
     * left to place key frames at scene cuts places them there.
     */
    public static Path sceneCuts(Path dir, double seconds, int width, int height) {
        Path file = newFile(dir, "scene-cuts-" + width + "x" + height, "mp4");
        try (var recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 1)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setVideoOption("preset", "ultrafast");
            recorder.setFrameRate(FPS);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            recorder.setSampleRate(SAMPLE_RATE);
            recorder.start();
            var frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            var random = new Random(17);
            int pictures = (int) Math.round(seconds * FPS);
            for (int i = 0; i < pictures; i++) {
                var image = (ByteBuffer) frame.image[0];
                if (i % 17 == 0) {
                    byte b = (byte) random.nextInt(256);
                    byte g = (byte) random.nextInt(256);
                    byte r = (byte) random.nextInt(256);
                    for (int at = 0; at + 2 < image.capacity(); at += 3) {
                        image.put(at, b).put(at + 1, g).put(at + 2, r);
                    }
                }
                // A little noise on top, so that the rungs have something to spend bits on.
                for (int n = 0; n < width * height / 20; n++) {
                    image.put(random.nextInt(height) * frame.imageStride + random.nextInt(width) * 3,
                            (byte) random.nextInt(256));
                }
                recorder.setFrameNumber(i);
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
                recorder.recordSamples(SAMPLE_RATE, 1, tone(SAMPLE_RATE / FPS));
            }
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IllegalStateException("cannot write a scene-cut clip: " + e.getMessage(), e);
        }
        return file;
    }

    /**
     * {@code source} written again, packet for packet, into {@code format} with every timestamp
     * {@code offsetSeconds} later and the sound's {@code soundDelaySeconds} later still (negative:
     * earlier than the pictures). An MP4 so written holds an edit list.
     */
    public static Path shifted(Path source, String format, String extension, double offsetSeconds,
                               double soundDelaySeconds) {
        return rewritten(source, "shifted-" + format, format, extension, (packet, stream) -> {
            boolean sound = stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_AUDIO;
            shift(packet, stream, offsetSeconds + (sound ? soundDelaySeconds : 0));
            return true;
        });
    }

    /**
     * {@code source} written again into MPEG-TS with the sound's clock jumping {@code jumpSeconds}
     * forward at {@code atSeconds}, as a splice or a restarted encoder leaves a broadcast recording.
     */
    public static Path soundClockJump(Path source, double atSeconds, double jumpSeconds) {
        return rewritten(source, "sound-clock-jump", "mpegts", "ts", (packet, stream) -> {
            if (stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_AUDIO
                    && packet.pts() * avutil.av_q2d(stream.time_base()) >= atSeconds) {
                shift(packet, stream, jumpSeconds);
            }
            return true;
        });
    }

    /**
     * {@code source} written again into MPEG-TS without its sound from {@code fromSeconds} to
     * {@code toSeconds}, the pictures going on: a dropout, as a broadcast recording has them.
     */
    public static Path soundDropout(Path source, double fromSeconds, double toSeconds) {
        return rewritten(source, "sound-dropout", "mpegts", "ts", (packet, stream) -> {
            double seconds = packet.pts() * avutil.av_q2d(stream.time_base()) - stream.start_time() * avutil.av_q2d(stream.time_base());
            return stream.codecpar().codec_type() != avutil.AVMEDIA_TYPE_AUDIO || seconds < fromSeconds || seconds >= toSeconds;
        });
    }

    /**
     * {@code mp4} written again with every picture's data replaced by noise of the same length:
     * the container, the codec's configuration and the sound intact, as a damaged copy or a
     * half-written camera card leaves them.
     */
    public static Path garbledPictures(Path mp4) {
        var random = new Random(42);
        return rewritten(mp4, "garbled-pictures", "mp4", "mp4", (packet, stream) -> {
            if (stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                byte[] noise = new byte[packet.size()];
                random.nextBytes(noise);
                packet.data().position(0).put(noise);
            }
            return true;
        });
    }

    /** How a packet is changed on its way from one file to the other; false drops it. */
    private interface PacketEdit {
        boolean edit(AVPacket packet, AVStream stream);
    }

    /** {@code source} remuxed into {@code format}, each packet through {@code edit}. */
    private static Path rewritten(Path source, String name, String format, String extension, PacketEdit edit) {
        Path file = newFile(source.getParent(), name, extension);
        try (var grabber = new FFmpegFrameGrabber(source.toFile())) {
            grabber.start();
            try (var recorder = new FFmpegFrameRecorder(file.toFile(), grabber.getImageWidth(), grabber.getImageHeight(),
                    grabber.getAudioChannels())) {
                recorder.setFormat(format);
                recorder.start(grabber.getFormatContext());
                AVPacket packet;
                while ((packet = grabber.grabPacket()) != null) {
                    if (edit.edit(packet, grabber.getFormatContext().streams(packet.stream_index()))) {
                        recorder.recordPacket(packet);
                    }
                }
                recorder.stop();
            }
        } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
            throw new IllegalStateException("cannot rewrite " + source + " as " + name + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static void shift(AVPacket packet, AVStream stream, double seconds) {
        long ticks = Math.round(seconds * stream.time_base().den() / stream.time_base().num());
        packet.pts(packet.pts() + ticks);
        packet.dts(packet.dts() + ticks);
    }

    /** Colour bars that move a pixel to the right each picture, so that fields differ. */
    private static void paintBars(ByteBuffer image, int width, int height, int stride, int frameIndex) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int bar = ((x + frameIndex) * 8 / width) % 8;
                int at = y * stride + x * 3;
                image.put(at, (byte) ((bar & 1) * 200 + 30));
                image.put(at + 1, (byte) ((bar >> 1 & 1) * 200 + 30));
                image.put(at + 2, (byte) ((bar >> 2 & 1) * 200 + 30));
            }
        }
    }

    private static ShortBuffer tone(int samples) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) (Math.sin(2 * Math.PI * 440 * i / (double) SAMPLE_RATE) * 8000);
        }
        return ShortBuffer.wrap(pcm);
    }

    private static Path newFile(Path dir, String name, String extension) {
        try {
            return Files.createTempFile(dir, "clip-" + name + "-", "." + extension);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
