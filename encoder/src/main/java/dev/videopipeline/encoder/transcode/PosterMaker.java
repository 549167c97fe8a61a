package dev.videopipeline.encoder.transcode;

import jakarta.inject.Singleton;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** One JPEG from about a tenth into the video: past the black of a fade-in, early enough to say what it is. */
@Singleton
public class PosterMaker {

    static final double AT_FRACTION = 0.10;

    /** @param rendition an upright rendition, usually the top rung */
    public Path poster(RenditionFile rendition, double durationSeconds, Path jpeg) {
        try (var grabber = new FFmpegFrameGrabber(rendition.file().toFile());
             var toImage = new Java2DFrameConverter()) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            grabber.setTimestamp(Math.round(durationSeconds * AT_FRACTION * 1_000_000), true);
            var picture = grabber.grabImage();
            if (picture == null) {
                throw new IllegalStateException("no picture in " + rendition.file());
            }
            // Written by the JDK: FFmpeg's MJPEG path needs a full-range pixel format its scaler calls deprecated.
            if (!ImageIO.write(toImage.convert(picture), "jpg", jpeg.toFile())) {
                throw new IllegalStateException("the JDK has no JPEG writer");
            }
            return jpeg;
        } catch (FrameGrabber.Exception e) {
            throw new IllegalStateException("poster of " + rendition.file() + " failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
