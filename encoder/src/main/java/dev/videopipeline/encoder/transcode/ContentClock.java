package dev.videopipeline.encoder.transcode;

import org.bytedeco.javacv.Frame;

import java.time.Duration;

/**
 * How long a source really is, counted while it is decoded: its pictures at the source's frame
 * rate and its sound by samples, never its timestamps. A file can declare a short duration and hold
 * hours (a transport stream whose clock restarts at every splice), and the probe's check of the
 * limit would let it through; this one stops it once it has held the limit and a tenth more.
 */
final class ContentClock {

    private static final double MIN_RATE = 1;
    private static final double MAX_RATE = 240;

    private final double pictureSeconds;
    private final double limitSeconds;
    private final String limit;
    private long pictures;
    private double soundSeconds;

    ContentClock(double frameRate, Duration limit, String limitName) {
        double rate = Double.isFinite(frameRate) ? Math.max(MIN_RATE, Math.min(MAX_RATE, frameRate)) : MIN_RATE;
        this.pictureSeconds = 1 / rate;
        this.limitSeconds = limit.toMillis() / 1000.0 * 1.1 + 1;
        this.limit = limitName;
    }

    /** @throws UnreadableSourceException once the source has held more than the limit */
    void count(Frame frame) {
        if (frame.image != null) {
            pictures++;
        }
        if (frame.samples != null && frame.sampleRate > 0 && frame.audioChannels > 0) {
            // Planar sound has a buffer per channel; interleaved, one with every channel's samples.
            int perChannel = frame.samples[0].limit() / (frame.samples.length == 1 ? frame.audioChannels : 1);
            soundSeconds += (double) perChannel / frame.sampleRate;
        }
        if (pictures * pictureSeconds > limitSeconds || soundSeconds > limitSeconds) {
            throw new UnreadableSourceException("The video is longer than the " + limit + " limit.", null);
        }
    }
}
