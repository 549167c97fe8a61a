package dev.videopipeline.encoder.transcode;

import dev.videopipeline.common.video.Probe;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameFilter;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Encodes one chunk's pictures for every rung, with the rungs' settings: the source is opened as
 * for a whole encode, sought to a key frame before the chunk's start, and decoded from there; the
 * pictures before the start are dropped (the last two only after the filters) and the first kept
 * one is an IDR. Where the demuxer lands
 * after the start (some cannot seek exactly) the source is decoded from its beginning instead, so
 * a chunk never misses a picture. The outputs have no sound: it is encoded once, for the whole video.
 */
final class ChunkEncoder {

    /** Pictures either side of the chunk that go through the filters, and no further. */
    private static final long FILTER_CONTEXT_TICKS = 2;

    private ChunkEncoder() {
    }

    /** One rung's part of a chunk: its pictures from {@code firstTick} (on the whole grid), {@code pictures} of them. */
    record Part(Rung rung, Path file, long firstTick, long lastTick, long pictures) {
    }

    /**
     * @param held    counts what the chunk decodes against the length limit
     * @param encoded told how many pictures have been encoded so far in this chunk, as it goes
     * @return each rung's part, in the rungs' order
     */
    static List<Part> encode(SourceFile source, Probe probe, List<Rung> rungs, ChunkPlan plan, ChunkPlan.Chunk chunk,
                             ContentClock held, Path dir, LongConsumer encoded) {
        List<RungEncoder> encoders = new ArrayList<>();
        var workers = new RungThreads(rungs.size());
        FFmpegFrameGrabber grabber = null;
        try {
            grabber = open(source);
            double frameRate = RungEncoder.outputFrameRate(grabber);
            if (frameRate != plan.frameRate()) {
                throw new IllegalStateException("the source's frame grid is " + frameRate + ", the plan's " + plan.frameRate());
            }
            var clock = SourceClock.of(grabber, frameRate);
            Frame first = SourceSeek.before(grabber, clock, frameRate, chunk.startTick());
            if (first == null) {
                grabber.close();
                grabber = open(source);
                first = grabber.grabImage();
            }
            for (Rung rung : rungs) {
                Path file = dir.resolve(rung.name() + "-" + chunk.index() + ".mp4");
                encoders.add(RungEncoder.open(rung, grabber, probe.rotation(), file, chunk.startTick(), chunk.endTick(), false));
            }
            long kept = 0;
            for (Frame frame = first; frame != null; frame = grabber.grabImage()) {
                // Every picture decoded counts, so that a clock that goes back cannot keep a chunk decoding for hours.
                held.count(frame);
                long micros = clock.place(frame);
                long tick = RungEncoder.tick(micros, frameRate);
                if (tick >= chunk.endTick() + FILTER_CONTEXT_TICKS && chunk.endTick() != ChunkPlan.END) {
                    break;
                }
                if (tick < chunk.startTick() - FILTER_CONTEXT_TICKS) {
                    continue;
                }
                Frame picture = frame;
                workers.each(encoders, rung -> {
                    rung.accept(picture, micros);
                    return null;
                });
                if (chunk.contains(tick)) {
                    encoded.accept(++kept);
                }
            }
            List<Part> parts = new ArrayList<>();
            for (var rendition : workers.each(encoders, RungEncoder::finish)) {
                RungEncoder rung = encoders.get(parts.size());
                parts.add(new Part(rendition.rung(), rendition.file(), chunk.startTick() + rung.firstTick(),
                        chunk.startTick() + rung.lastTick(), rung.pictures()));
            }
            return parts;
        } catch (FrameGrabber.Exception e) {
            throw new UnreadableSourceException("The file is not a video we can read.", e);
        } catch (FrameRecorder.Exception | FrameFilter.Exception e) {
            throw new IllegalStateException("encoding failed: " + e.getMessage(), e);
        } finally {
            workers.stopAndClose(encoders);
            if (grabber != null) {
                closeQuietly(grabber);
            }
        }
    }

    static FFmpegFrameGrabber open(SourceFile source) throws FrameGrabber.Exception {
        var grabber = source.grabber();
        grabber.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        try {
            grabber.start();
            return grabber;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(grabber);
            throw e;
        }
    }

    static void closeQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception ignored) {
            // Closing what failed to open or to seek: the failure that matters is already thrown or handled.
        }
    }
}
