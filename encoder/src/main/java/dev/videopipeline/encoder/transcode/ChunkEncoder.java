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
 * pictures before the start are dropped, but for a GOP of warm-up encoded before it (dropped when
 * the chunks are joined) and two more through the filters, and the chunk's first picture is an IDR; a few
 * pictures past its end are encoded too, a GOP of their own dropped at the join. Where the demuxer lands
 * after the start (some cannot seek exactly) the source is decoded from its beginning instead, so
 * a chunk never misses a picture. The outputs have no sound: it is encoded once, for the whole video.
 */
final class ChunkEncoder {

    /** Pictures either side of the chunk that go through the filters, and no further. */
    private static final long FILTER_CONTEXT_TICKS = 2;
    /**
     * Pictures encoded past a chunk's end and dropped at the join: x264's look-ahead at the
     * preset's settings (10) and a little more, so that the chunk's last pictures are encoded as
     * in the whole video.
     */
    static final int POST_ROLL = 12;

    private ChunkEncoder() {
    }

    /**
     * @param held    counts what the chunk decodes against the length limit
     * @param encoded told how many pictures have been encoded so far in this chunk, as it goes
     * @return each rung's part, in the rungs' order
     */
    static List<ChunkPart> encode(SourceFile source, Probe probe, List<Rung> rungs, ChunkPlan plan, ChunkPlan.Chunk chunk,
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
            // A GOP of warm-up before all but the first chunk: x264's rate control starts cold, and its
            // first GOP came out 6-9 dB below the whole encode's at every seam. Dropped at the join.
            long encodeStart = Math.max(0, chunk.startTick() - (chunk.startTick() > 0 ? RungEncoder.keyInterval(frameRate) : 0));
            Frame first = SourceSeek.before(grabber, clock, frameRate, encodeStart);
            if (first == null) {
                grabber.close();
                grabber = open(source);
                first = grabber.grabImage();
            }
            boolean last = chunk.endTick() == ChunkPlan.END;
            for (Rung rung : rungs) {
                Path file = dir.resolve(rung.name() + "-" + chunk.index() + ".mp4");
                encoders.add(RungEncoder.open(rung, grabber, probe.rotation(), file, encodeStart, chunk.endTick(),
                        last ? 0 : POST_ROLL, false));
            }
            long kept = 0;
            long stopAt = last ? Long.MAX_VALUE : chunk.endTick() + POST_ROLL + FILTER_CONTEXT_TICKS;
            long warmUpTick = encodeStart;
            for (Frame frame = first; frame != null; frame = grabber.grabImage()) {
                // Every picture decoded counts, so that a clock that goes back cannot keep a chunk decoding for hours.
                held.count(frame);
                long micros = clock.place(frame);
                long tick = RungEncoder.tick(micros, frameRate);
                if (tick >= stopAt) {
                    break;
                }
                if (tick < encodeStart - FILTER_CONTEXT_TICKS) {
                    continue;
                }
                // Warm-up ticks without a picture of their own get this one: exactly a GOP of them
                // makes the chunk's first picture an IDR, as the key frames come every so many pictures.
                for (; warmUpTick < Math.min(tick, chunk.startTick()); warmUpTick++) {
                    feed(workers, encoders, frame, Math.round(warmUpTick * 1_000_000 / frameRate));
                }
                warmUpTick = Math.max(warmUpTick, Math.min(tick + 1, chunk.startTick()));
                feed(workers, encoders, frame, micros);
                if (chunk.contains(tick)) {
                    encoded.accept(++kept);
                }
            }
            List<ChunkPart> parts = new ArrayList<>();
            long warmUp = chunk.startTick() - encodeStart;
            for (var rendition : workers.each(encoders, RungEncoder::finish)) {
                RungEncoder rung = encoders.get(parts.size());
                parts.add(new ChunkPart(rendition.rung(), rendition.file(), encodeStart + rung.firstTick(), chunk.startTick(),
                        encodeStart + rung.lastTick(), Math.max(0, rung.pictures() - warmUp)));
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

    private static void feed(RungThreads workers, List<RungEncoder> encoders, Frame picture, long micros)
            throws FrameFilter.Exception, FrameRecorder.Exception {
        workers.each(encoders, rung -> {
            rung.accept(picture, micros);
            return null;
        });
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
