package dev.videopipeline.encoder.transcode;

import jakarta.inject.Singleton;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

import java.nio.file.Path;

/** One JPEG from about a tenth into the video: past the black of a fade-in, early enough to say what it is. */
@Singleton
public class PosterMaker {

    static final double AT_FRACTION = 0.10;

    /** @param rendition an upright rendition, usually the top rung */
    public Path poster(RenditionFile rendition, double durationSeconds, Path jpeg) {
        try (var grabber = new FFmpegFrameGrabber(rendition.file().toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
            grabber.start();
            grabber.setTimestamp(Math.round(durationSeconds * AT_FRACTION * 1_000_000), true);
            var picture = grabber.grabImage();
            if (picture == null) {
                throw new IllegalStateException("no picture in " + rendition.file());
            }
            try (var recorder = new FFmpegFrameRecorder(jpeg.toFile(), picture.imageWidth, picture.imageHeight)) {
                recorder.setFormat("image2");
                recorder.setOption("update", "1");
                recorder.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
                recorder.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
                recorder.start();
                recorder.record(picture, avutil.AV_PIX_FMT_YUVJ420P);
                recorder.stop();
            }
            return jpeg;
        } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
            throw new IllegalStateException("poster of " + rendition.file() + " failed", e);
        }
    }
}
