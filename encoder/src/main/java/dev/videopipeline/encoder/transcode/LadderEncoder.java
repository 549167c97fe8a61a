package dev.videopipeline.encoder.transcode;

import dev.videopipeline.common.video.Probe;
import jakarta.inject.Singleton;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameFilter;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.IntConsumer;

/**
 * Encodes every rung of a source from one decode: each decoded frame goes to all the rungs'
 * {@link RungEncoder}s at once, one thread each, and the next frame is decoded when they are done
 * with it (the decoder reuses its buffers, so a frame is never read after the next grab).
 */
@Singleton
public class LadderEncoder {

    /**
     * A damaged file (a truncated upload with its index up front) decodes "successfully" but
     * short: below this share of its declared duration it fails instead of becoming READY.
     */
    private static final double MIN_DECODED_SHARE = 0.9;
    private static final double MIN_CHECKED_SECONDS = 1;

    private final SourceLimits limits;

    public LadderEncoder(SourceLimits limits) {
        this.limits = limits;
    }

    /**
     * Encodes every rung, telling {@code progress} the share of the source's duration done (0-99)
     * as it goes; the caller decides how often to pass it on. An interrupt (or a
     * {@link CancellationException} from {@code progress}) stops the encode.
     *
     * @throws UnreadableSourceException when the source cannot be decoded
     */
    public List<RenditionFile> encode(SourceFile source, Probe probe, List<Rung> rungs, Path outputDir,
                                      IntConsumer progress) {
        List<RungEncoder> encoders = new ArrayList<>();
        var workers = new RungThreads(rungs.size());
        try (var grabber = source.grabber()) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            grabber.start();
            for (Rung rung : rungs) {
                encoders.add(RungEncoder.open(rung, grabber, probe.rotation(), outputDir));
            }
            long durationMicros = Math.max(1, Math.round(probe.durationSeconds() * 1_000_000));
            var clock = SourceClock.of(grabber, RungEncoder.outputFrameRate(grabber));
            var held = new ContentClock(probe.frameRate(), limits.maxDuration(), limits.describeDuration());
            var pictures = new DecodedPictures(grabber, probe);
            int done = 0;
            long decodedMicros = 0;
            Frame frame;
            while ((frame = grabber.grab()) != null) {
                Frame decoded = frame;
                long micros = clock.place(decoded);
                held.count(decoded);
                pictures.count(decoded, micros);
                decodedMicros = Math.max(decodedMicros, micros);
                workers.each(encoders, rung -> {
                    rung.accept(decoded, micros);
                    return null;
                });
                // Sound and picture interleave with their own clocks: report only what grows.
                int now = (int) Math.min(99, micros * 100 / durationMicros);
                if (now > done) {
                    done = now;
                    progress.accept(done);
                }
            }
            requireWhole(probe, decodedMicros);
            pictures.requireEnough();
            return workers.each(encoders, RungEncoder::finish);
        } catch (FrameGrabber.Exception e) {
            throw new UnreadableSourceException("The file is not a video we can read.", e);
        } catch (FrameRecorder.Exception | FrameFilter.Exception e) {
            throw new IllegalStateException("encoding failed: " + e.getMessage(), e);
        } finally {
            workers.stopAndClose(encoders);
        }
    }

    /** @throws UnreadableSourceException when the frames decoded end well before the source's duration */
    static void requireWhole(Probe probe, long decodedMicros) {
        long durationMicros = Math.round(probe.durationSeconds() * 1_000_000);
        if (probe.durationSeconds() > MIN_CHECKED_SECONDS && decodedMicros < durationMicros * MIN_DECODED_SHARE) {
            throw new UnreadableSourceException(String.format(Locale.ROOT,
                    "The file is cut short: only %.1f of its %.1f seconds could be read.",
                    decodedMicros / 1e6, probe.durationSeconds()), null);
        }
    }
}
