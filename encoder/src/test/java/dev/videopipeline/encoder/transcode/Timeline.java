package dev.videopipeline.encoder.transcode;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.nio.Buffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * When a file shows each picture and how long its sound plays, as decoded: what a player lines up.
 *
 * @param pictureMicros every picture's presentation time, in order
 * @param soundSeconds  the sound's length, counted in samples
 */
record Timeline(List<Long> pictureMicros, double soundSeconds) {

    static Timeline of(Path file) throws Exception {
        try (var grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            List<Long> pictures = new ArrayList<>();
            long samples = 0;
            Frame frame;
            while ((frame = grabber.grab()) != null) {
                if (frame.image != null) {
                    pictures.add(frame.timestamp);
                }
                if (frame.samples != null) {
                    Buffer channel = frame.samples[0];
                    samples += frame.samples.length > 1 ? channel.limit() : channel.limit() / frame.audioChannels;
                }
            }
            return new Timeline(pictures, grabber.getSampleRate() == 0 ? 0 : samples / (double) grabber.getSampleRate());
        }
    }
}
