package dev.videopipeline.encoder.transcode;

import dev.videopipeline.common.video.Probe;
import jakarta.inject.Singleton;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

import java.nio.file.Path;

/** Opens a source with FFmpeg and reads what the ladder and the item need to know about it. */
@Singleton
public class SourceProbe {

    /** @throws UnreadableSourceException when FFmpeg cannot open it or it has no video */
    public Probe probe(Path source) {
        try (var grabber = new FFmpegFrameGrabber(source.toFile())) {
            grabber.start();
            if (!grabber.hasVideo()) {
                throw new UnreadableSourceException("The file has sound but no picture.", null);
            }
            return new Probe(
                    grabber.getLengthInTime() / 1_000_000.0,
                    grabber.getImageWidth(),
                    grabber.getImageHeight(),
                    grabber.getVideoCodecName(),
                    grabber.hasAudio() ? grabber.getAudioCodecName() : null,
                    clockwise(grabber.getDisplayRotation()),
                    grabber.getFrameRate());
        } catch (FrameGrabber.Exception e) {
            throw new UnreadableSourceException("The file is not a video we can read.", e);
        }
    }

    /**
     * FFmpeg's display matrix turns counterclockwise (a phone held upright records -90); players
     * and this project's {@link Probe#rotation()} count clockwise, in quarter turns.
     */
    static int clockwise(double displayRotation) {
        int quarterTurns = (int) Math.round(-displayRotation / 90.0);
        return Math.floorMod(quarterTurns * 90, 360);
    }
}
