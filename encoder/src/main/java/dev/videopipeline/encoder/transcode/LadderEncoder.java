package dev.videopipeline.encoder.transcode;

import dev.videopipeline.common.video.Probe;
import jakarta.inject.Singleton;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameFilter;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Encodes every rung of a source in one decode: each decoded picture goes through one filter per
 * rung (turned upright, scaled) into that rung's H.264/AAC MP4; each block of sound goes to every
 * rung as it is. A first version: constant frame rate assumed, rungs fed one after another.
 */
@Singleton
public class LadderEncoder {

    /**
     * A damaged file (a truncated upload with its index up front) decodes "successfully" but
     * short: below this share of its declared duration it fails instead of becoming READY.
     */
    private static final double MIN_DECODED_SHARE = 0.9;
    private static final double MIN_CHECKED_SECONDS = 1;

    /** Key frames every two seconds, so the HLS segmenter can cut anywhere on that grid. */
    private static final int KEYFRAME_SECONDS = 2;

    /** @throws UnreadableSourceException when the source cannot be decoded */
    public List<RenditionFile> encode(Path source, Probe probe, List<Rung> rungs, Path outputDir) {
        return encode(source, probe, rungs, outputDir, percent -> { });
    }

    /**
     * As {@link #encode(Path, Probe, List, Path)}, telling {@code progress} the share of the
     * source's duration done (0-99) as it goes; the caller decides how often to pass it on.
     */
    public List<RenditionFile> encode(Path source, Probe probe, List<Rung> rungs, Path outputDir,
                                      IntConsumer progress) {
        List<RungOutput> outputs = new ArrayList<>();
        try (var grabber = new FFmpegFrameGrabber(source.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            grabber.start();
            for (Rung rung : rungs) {
                outputs.add(RungOutput.open(rung, grabber, probe.rotation(), outputDir));
            }
            long durationMicros = Math.max(1, Math.round(probe.durationSeconds() * 1_000_000));
            int done = 0;
            long decodedMicros = 0;
            Frame frame;
            while ((frame = grabber.grab()) != null) {
                decodedMicros = Math.max(decodedMicros, frame.timestamp);
                for (RungOutput output : outputs) {
                    output.accept(frame);
                }
                // Sound and picture interleave with their own clocks: report only what grows.
                int now = (int) Math.min(99, frame.timestamp * 100 / durationMicros);
                if (now > done) {
                    done = now;
                    progress.accept(done);
                }
            }
            if (probe.durationSeconds() > MIN_CHECKED_SECONDS && decodedMicros < durationMicros * MIN_DECODED_SHARE) {
                throw new UnreadableSourceException(String.format(Locale.ROOT,
                        "The file is cut short: only %.1f of its %.1f seconds could be read.",
                        decodedMicros / 1e6, probe.durationSeconds()), null);
            }
            for (RungOutput output : outputs) {
                output.finish();
            }
            return outputs.stream().map(RungOutput::result).toList();
        } catch (FrameGrabber.Exception e) {
            throw new UnreadableSourceException("The file is not a video we can read.", e);
        } catch (FrameRecorder.Exception | FrameFilter.Exception e) {
            throw new IllegalStateException("encoding failed: " + e.getMessage(), e);
        } finally {
            outputs.forEach(RungOutput::close);
        }
    }

    /** A rung's filter and recorder. */
    private record RungOutput(Rung rung, Path file, FFmpegFrameFilter filter, FFmpegFrameRecorder recorder) {

        static RungOutput open(Rung rung, FFmpegFrameGrabber grabber, int rotation, Path dir)
                throws FrameFilter.Exception, FrameRecorder.Exception {
            Path file = dir.resolve(rung.name() + ".mp4");
            var filter = new FFmpegFrameFilter(upright(rotation) + "scale=" + rung.width() + ":" + rung.height(),
                    grabber.getImageWidth(), grabber.getImageHeight());
            filter.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            filter.setFrameRate(grabber.getFrameRate());
            filter.start();
            var recorder = new FFmpegFrameRecorder(file.toFile(), rung.width(), rung.height(),
                    grabber.hasAudio() ? grabber.getAudioChannels() : 0);
            recorder.setFormat("mp4");
            recorder.setVideoCodecName("libx264");
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(grabber.getFrameRate());
            recorder.setGopSize((int) Math.round(grabber.getFrameRate() * KEYFRAME_SECONDS));
            recorder.setVideoBitrate(rung.videoKbps() * 1000);
            recorder.setVideoOption("preset", "veryfast");
            recorder.setOption("movflags", "+faststart");
            if (grabber.hasAudio()) {
                recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                recorder.setAudioBitrate(rung.audioKbps() * 1000);
                recorder.setSampleRate(grabber.getSampleRate());
            }
            recorder.start();
            return new RungOutput(rung, file, filter, recorder);
        }

        void accept(Frame frame) throws FrameFilter.Exception, FrameRecorder.Exception {
            if (frame.image != null) {
                filter.push(frame, avutil.AV_PIX_FMT_YUV420P);
                Frame picture;
                while ((picture = filter.pull()) != null) {
                    recorder.record(picture, filter.getPixelFormat());
                }
            }
            if (frame.samples != null) {
                recorder.recordSamples(frame.sampleRate, frame.audioChannels, frame.samples);
            }
        }

        void finish() throws FrameRecorder.Exception, FrameFilter.Exception {
            filter.stop();
            recorder.stop();
        }

        RenditionFile result() {
            return new RenditionFile(rung, file);
        }

        void close() {
            try {
                filter.close();
                recorder.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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
}
