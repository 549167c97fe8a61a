package dev.videopipeline.encoder.transcode;

import org.bytedeco.javacv.Frame;

import java.time.Duration;

/**
 * How long a source really is, counted while it is decoded, not read from its header: a file can
 * declare a short duration and hold hours (a transport stream whose clock restarts at every
 * splice), and the probe's check of the limit would let it through. Sound counts by its samples.
 * A picture counts for the step from the previous picture's timestamp, but never less than
 * {@link #SHORTEST_PICTURE} (so that no stream of pictures counts as no time) nor more than
 * {@link #LONGEST_PICTURE} (so that one jump forward does not count as hours); where the clock
 * goes back, for the source's frame interval. The source is stopped once it has held the limit
 * and a tenth more.
 */
final class ContentClock {

    private static final double SHORTEST_PICTURE = 1.0 / 240;
    private static final double LONGEST_PICTURE = 1;

    private final double frameInterval;
    private final double limitSeconds;
    private final String limit;
    private long lastPictureMicros = -1;
    private double pictureSeconds;
    private double soundSeconds;

    ContentClock(double frameRate, Duration limit, String limitName) {
        this.frameInterval = frameRate > 0 && Double.isFinite(frameRate)
                ? Math.max(SHORTEST_PICTURE, Math.min(LONGEST_PICTURE, 1 / frameRate)) : LONGEST_PICTURE;
        this.limitSeconds = limit.toMillis() / 1000.0 * 1.1 + 1;
        this.limit = limitName;
    }

    /** @throws UnreadableSourceException once the source has held more than the limit */
    void count(Frame frame) {
        if (frame.image != null) {
            double step = lastPictureMicros < 0 || frame.timestamp <= lastPictureMicros
                    ? frameInterval : (frame.timestamp - lastPictureMicros) / 1e6;
            pictureSeconds += Math.max(SHORTEST_PICTURE, Math.min(LONGEST_PICTURE, step));
            lastPictureMicros = frame.timestamp;
        }
        if (frame.samples != null && frame.sampleRate > 0 && frame.audioChannels > 0) {
            // Planar sound has a buffer per channel; interleaved, one with every channel's samples.
            int perChannel = frame.samples[0].limit() / (frame.samples.length == 1 ? frame.audioChannels : 1);
            soundSeconds += (double) perChannel / frame.sampleRate;
        }
        if (pictureSeconds > limitSeconds || soundSeconds > limitSeconds) {
            throw new UnreadableSourceException("The video is longer than the " + limit + " limit.", null);
        }
    }
}
