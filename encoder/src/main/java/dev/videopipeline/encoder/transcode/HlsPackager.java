package dev.videopipeline.encoder.transcode;

import jakarta.inject.Singleton;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Packages encoded renditions for HLS without encoding again: each MP4 is cut (remuxed) into fMP4
 * segments of about {@link #SEGMENT_SECONDS} s behind its own VOD playlist, {@code {rung}/index.m3u8}
 * with {@code init.mp4}, and {@code master.m3u8} lists every rung with its measured BANDWIDTH,
 * RESOLUTION and CODECS.
 */
@Singleton
public class HlsPackager {

    static final int SEGMENT_SECONDS = 6;

    /** @return the master playlist */
    public Path packageAll(List<RenditionFile> renditions, Path hlsDir) {
        StringBuilder master = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (RenditionFile rendition : renditions) {
            Variant variant = segment(rendition, hlsDir.resolve(rendition.rung().name()));
            master.append(String.format(Locale.ROOT,
                    "#EXT-X-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,RESOLUTION=%dx%d,CODECS=\"%s\"%n%s/index.m3u8%n",
                    variant.peakBitsPerSecond(), variant.averageBitsPerSecond(), rendition.rung().width(),
                    rendition.rung().height(), variant.codecs(), rendition.rung().name()));
        }
        try {
            return Files.writeString(hlsDir.resolve("master.m3u8"), master);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Variant segment(RenditionFile rendition, Path dir) {
        try {
            Files.createDirectories(dir);
            String codecs;
            try (var grabber = new FFmpegFrameGrabber(rendition.file().toFile())) {
                grabber.start();
                codecs = Codecs.of(grabber);
                try (var recorder = new FFmpegFrameRecorder(dir.resolve("index.m3u8").toFile(),
                        grabber.getImageWidth(), grabber.getImageHeight(), grabber.getAudioChannels())) {
                    recorder.setFormat("hls");
                    recorder.setOption("hls_time", String.valueOf(SEGMENT_SECONDS));
                    recorder.setOption("hls_playlist_type", "vod");
                    recorder.setOption("hls_segment_type", "fmp4");
                    recorder.setOption("hls_fmp4_init_filename", "init.mp4");
                    recorder.setOption("hls_segment_filename", dir.resolve("%05d.m4s").toString());
                    recorder.setOption("hls_flags", "independent_segments");
                    recorder.start(grabber.getFormatContext());
                    AVPacket packet;
                    while ((packet = grabber.grabPacket()) != null) {
                        recorder.recordPacket(packet);
                    }
                    recorder.stop();
                }
            }
            return Variant.measure(dir, codecs);
        } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
            throw new IllegalStateException("HLS packaging of " + rendition.rung().name() + " failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A variant playlist's bitrates, measured from its segments, and its codecs. */
    private record Variant(long peakBitsPerSecond, long averageBitsPerSecond, String codecs) {

        static Variant measure(Path dir, String codecs) throws IOException {
            List<String> lines = Files.readAllLines(dir.resolve("index.m3u8"));
            long peak = 0;
            long totalBytes = 0;
            double totalSeconds = 0;
            for (int i = 0; i < lines.size() - 1; i++) {
                if (lines.get(i).startsWith("#EXTINF:")) {
                    double seconds = Double.parseDouble(lines.get(i).substring(8).replace(",", ""));
                    long bytes = Files.size(dir.resolve(lines.get(i + 1).trim()));
                    peak = Math.max(peak, Math.round(bytes * 8 / Math.max(seconds, 0.001)));
                    totalBytes += bytes;
                    totalSeconds += seconds;
                }
            }
            long average = totalSeconds > 0 ? Math.round(totalBytes * 8 / totalSeconds) : peak;
            return new Variant(peak, average, codecs);
        }
    }

    /** RFC 6381 codec strings, read from the streams themselves. */
    static final class Codecs {

        private Codecs() {
        }

        static String of(FFmpegFrameGrabber grabber) {
            var format = grabber.getFormatContext();
            String video = null;
            for (int i = 0; i < format.nb_streams(); i++) {
                var parameters = format.streams(i).codecpar();
                if (parameters.codec_type() == avutil.AVMEDIA_TYPE_VIDEO && parameters.extradata_size() >= 4) {
                    // avcC: configurationVersion, profile, profile compatibility, level.
                    var avcC = parameters.extradata();
                    video = String.format("avc1.%02x%02x%02x", avcC.get(1) & 0xFF, avcC.get(2) & 0xFF, avcC.get(3) & 0xFF);
                }
            }
            if (video == null) {
                throw new IllegalStateException("the rendition has no H.264 configuration");
            }
            return grabber.hasAudio() ? video + ",mp4a.40.2" : video;
        }
    }
}
