package dev.videopipeline.encoder.transcode;

import dev.videopipeline.common.video.Probe;
import dev.videopipeline.common.video.Quality;
import jakarta.inject.Singleton;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameFilter;
import org.bytedeco.javacv.FrameGrabber;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How close each rendition is to its source, on sampled pictures: a few runs of consecutive
 * pictures spread over the video, each rendition picture against the source picture of the same
 * tick put through the rung's own filters (so that the measure is of the encoding, not of the
 * scaling), compared by FFmpeg's {@code psnr} and {@code ssim} filters on the luma. Windows are
 * reached by seeking, and one decode of the source serves every rung, so the cost does not grow
 * with the video's length.
 */
@Singleton
public class QualityMeter {

    private static final int WINDOWS = 6;
    private static final int PICTURES_PER_WINDOW = 5;
    /** Pictures before a window that go through the rung's filters, so that a deinterlacer has them. */
    private static final long FILTER_CONTEXT_TICKS = 2;
    /** The most pictures one window decodes to reach its pictures from the seek's key frame. */
    private static final long MAX_DECODED_PER_WINDOW = 1200;

    /** @return each rendition's quality, in their order; null for one with no picture to compare */
    public List<Quality> measure(SourceFile source, Probe probe, List<RenditionFile> renditions) {
        List<Sums> sums = renditions.stream().map(r -> new Sums()).toList();
        try {
            double frameRate;
            try (var grabber = ChunkEncoder.open(source)) {
                frameRate = RungEncoder.outputFrameRate(grabber);
            }
            long ticks = Math.max(1, Math.round(probe.durationSeconds() * frameRate));
            for (int window = 0; window < WINDOWS; window++) {
                long start = ticks * (2L * window + 1) / (2L * WINDOWS);
                List<Map<Long, Frame>> references = references(source, probe, renditions, start);
                try {
                    for (int r = 0; r < renditions.size(); r++) {
                        compareWindow(renditions.get(r), references.get(r), start, frameRate, sums.get(r));
                    }
                } finally {
                    references.forEach(pictures -> pictures.values().forEach(Frame::close));
                }
            }
        } catch (FrameGrabber.Exception | FrameFilter.Exception e) {
            throw new IllegalStateException("measuring the renditions' quality failed: " + e.getMessage(), e);
        }
        return sums.stream().map(Sums::quality).toList();
    }

    private static final class Sums {
        double psnr;
        double ssim;
        int pictures;

        Quality quality() {
            return pictures == 0 ? null : new Quality(psnr / pictures, ssim / pictures, pictures);
        }
    }

    private static FFmpegFrameFilter compare(Rung rung, String filter) throws FrameFilter.Exception {
        var compare = new FFmpegFrameFilter("[0:v][1:v]" + filter + ",format=gray[v]", null, rung.width(), rung.height(), 0);
        compare.setVideoInputs(2);
        compare.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        compare.start();
        return compare;
    }

    /** The source's pictures of the window's ticks, through each rung's filters, from one decode. */
    private static List<Map<Long, Frame>> references(SourceFile source, Probe probe, List<RenditionFile> renditions,
                                                     long start) throws FrameGrabber.Exception, FrameFilter.Exception {
        List<Map<Long, Frame>> references = new ArrayList<>();
        List<FFmpegFrameFilter> filters = new ArrayList<>();
        List<ArrayDeque<Long>> pending = new ArrayList<>();
        FFmpegFrameGrabber grabber = ChunkEncoder.open(source);
        try {
            double frameRate = RungEncoder.outputFrameRate(grabber);
            var clock = SourceClock.of(grabber, frameRate);
            Frame first = SourceSeek.before(grabber, clock, frameRate, start);
            if (first == null) {
                grabber.close();
                grabber = ChunkEncoder.open(source);
                first = grabber.grabImage();
            }
            int fieldOrder = SourceProbe.videoStream(grabber).codecpar().field_order();
            for (RenditionFile rendition : renditions) {
                var filter = new FFmpegFrameFilter(PictureFilter.describe(fieldOrder, probe.rotation(), rendition.rung()),
                        grabber.getImageWidth(), grabber.getImageHeight());
                filters.add(filter);
                filter.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                filter.setFrameRate(frameRate);
                filter.start();
                references.add(new HashMap<>());
                pending.add(new ArrayDeque<>());
            }
            long end = start + PICTURES_PER_WINDOW;
            long decoded = 0;
            for (Frame frame = first; frame != null; frame = grabber.grabImage()) {
                long tick = RungEncoder.tick(clock.place(frame), frameRate);
                // A source with key frames far apart (or one only) would make each window a long decode: skipped.
                if (tick >= end + FILTER_CONTEXT_TICKS || ++decoded > MAX_DECODED_PER_WINDOW) {
                    break;
                }
                if (tick >= start - FILTER_CONTEXT_TICKS) {
                    for (int r = 0; r < filters.size(); r++) {
                        pending.get(r).add(tick);
                        filters.get(r).push(frame, avutil.AV_PIX_FMT_YUV420P);
                        keep(filters.get(r), pending.get(r), start, end, references.get(r));
                    }
                }
            }
            for (int r = 0; r < filters.size(); r++) {
                filters.get(r).push(null);
                keep(filters.get(r), pending.get(r), start, end, references.get(r));
            }
            return references;
        } finally {
            for (var filter : filters) {
                filter.close();
            }
            ChunkEncoder.closeQuietly(grabber);
        }
    }

    private static void keep(FFmpegFrameFilter filter, ArrayDeque<Long> pending, long start, long end,
                             Map<Long, Frame> references) throws FrameFilter.Exception {
        Frame picture;
        while ((picture = filter.pull()) != null) {
            Long tick = pending.poll();
            if (tick != null && tick >= start && tick < end && !references.containsKey(tick)) {
                references.put(tick, picture.clone());
            }
        }
    }

    private static void compareWindow(RenditionFile rendition, Map<Long, Frame> references, long start,
                                      double frameRate, Sums sums) throws FrameGrabber.Exception, FrameFilter.Exception {
        if (references.isEmpty()) {
            return;
        }
        try (var encoded = new FFmpegFrameGrabber(rendition.file().toFile());
             var psnr = compare(rendition.rung(), "psnr");
             var ssim = compare(rendition.rung(), "ssim")) {
            encoded.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            encoded.start();
            encoded.setTimestamp(Math.round(start * 1_000_000 / frameRate));
            Frame picture;
            while ((picture = encoded.grabImage()) != null) {
                long tick = RungEncoder.tick(picture.timestamp, frameRate);
                if (tick >= start + PICTURES_PER_WINDOW) {
                    break;
                }
                Frame reference = references.get(tick);
                if (reference == null) {
                    continue;
                }
                // Both filters pair their inputs by order (setpts=N): one pair in, one picture out.
                Double decibels = score(psnr, picture, reference, "lavfi.psnr.psnr.y");
                Double similarity = score(ssim, picture, reference, "lavfi.ssim.Y");
                if (decibels != null && similarity != null && !decibels.isNaN() && Double.isFinite(similarity)) {
                    sums.psnr += Math.min(decibels, 100);
                    sums.ssim += similarity;
                    sums.pictures++;
                }
            }
        }
    }

    private static Double score(FFmpegFrameFilter filter, Frame picture, Frame reference, String key)
            throws FrameFilter.Exception {
        filter.push(0, picture, avutil.AV_PIX_FMT_YUV420P);
        filter.push(1, reference, avutil.AV_PIX_FMT_YUV420P);
        Double score = null;
        Frame out;
        while ((out = filter.pull()) != null) {
            if (out.opaque instanceof AVFrame frame) {
                var entry = avutil.av_dict_get(frame.metadata(), key, null, 0);
                if (entry != null) {
                    String value = entry.value().getString();
                    score = value.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(value);
                }
            }
        }
        return score;
    }
}
