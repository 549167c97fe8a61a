package dev.videopipeline.encoder.transcode;

import dev.videopipeline.common.video.Container;
import org.bytedeco.javacv.FFmpegFrameGrabber;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A file to decode, and the container it is known to be in. FFmpeg would otherwise pick a demuxer
 * from the bytes, and some of its demuxers (DASH, HLS, concat, image sequences) open the URLs and
 * paths a file names: an upload could make the encoder fetch from the network or read its own disk.
 * So the grabber gets the recognised container's demuxer forced, a whitelist of only the demuxers of
 * the containers the receiver accepts (should a demuxer open another), and the local file as the
 * only protocol.
 */
public record SourceFile(Path path, Container container) {

    /** Every accepted container's demuxer: derived from {@link #demuxer}, so a new container needs one line. */
    private static final String DEMUXER_WHITELIST = Arrays.stream(Container.values()).map(SourceFile::demuxer)
            .distinct().collect(Collectors.joining(","));

    public SourceFile {
        Objects.requireNonNull(container, "container");
    }

    /** A grabber that has not been started: the caller sets what it needs and starts it. */
    FFmpegFrameGrabber grabber() {
        var grabber = new FFmpegFrameGrabber(path.toFile());
        grabber.setFormat(demuxer(container));
        grabber.setOption("format_whitelist", DEMUXER_WHITELIST);
        grabber.setOption("protocol_whitelist", "file");
        return grabber;
    }

    static String demuxer(Container container) {
        return switch (container) {
            case ISO_MP4, QUICKTIME -> "mov";
            case MATROSKA -> "matroska";
            case AVI -> "avi";
            case MPEG_TS -> "mpegts";
            case MPEG_PS -> "mpeg";
            case FLV -> "flv";
            case ASF -> "asf";
        };
    }
}
