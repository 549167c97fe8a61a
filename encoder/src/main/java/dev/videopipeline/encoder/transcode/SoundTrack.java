package dev.videopipeline.encoder.transcode;

import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

import java.nio.Buffer;

/**
 * The sound of one output, on the output's time line: sound that starts late or pauses gets
 * silence, so that it does not move against the pictures. A pause in the sound is filled when it
 * is short ({@link #MAX_GAP_MICROS}), or when the pictures went on through it (it ends no further
 * than that past them); a late start, up to {@link #MAX_LATE_START_MICROS}. Anything longer is the
 * sound's clock jumping (a splice, a restart) while the pictures' did not: the sound goes on where
 * it stands, its clock re-based, so that no jump becomes hours of silence.
 */
final class SoundTrack {

    /** A pause in the sound longer than this is filled with silence; shorter ones are the codecs' jitter. */
    private static final long GAP_MICROS = 100_000;
    private static final long MAX_GAP_MICROS = 1_000_000;
    private static final long MAX_LATE_START_MICROS = 30_000_000;
    private static final int SILENCE_BLOCK_SAMPLES = 48_000;

    private final FFmpegFrameRecorder recorder;
    private long samples;
    /** What the sound's clock jumped by, and was not filled with silence. */
    private long skippedMicros;

    SoundTrack(FFmpegFrameRecorder recorder) {
        this.recorder = recorder;
    }

    /**
     * @param micros     where the block belongs on the output's time line
     * @param picturesAt how far the pictures have reached on it
     */
    void record(Frame frame, long micros, long picturesAt) throws FrameRecorder.Exception {
        long at = samples * 1_000_000 / frame.sampleRate + skippedMicros;
        long gap = micros - at;
        // Before the first sound any delay is its place; later, only a pause longer than jitter.
        boolean starting = samples == 0;
        if (gap > (starting ? 0 : GAP_MICROS)) {
            boolean pause = starting ? gap <= MAX_LATE_START_MICROS
                    : gap <= MAX_GAP_MICROS || micros <= picturesAt + MAX_GAP_MICROS;
            if (pause) {
                recordSilence(frame, gap * frame.sampleRate / 1_000_000);
            } else {
                skippedMicros += gap;
            }
        }
        recordSamples(frame, frame.samples);
    }

    static boolean isSound(Frame frame) {
        return frame.samples != null && frame.sampleRate > 0 && frame.audioChannels > 0;
    }

    private void recordSilence(Frame like, long count) throws FrameRecorder.Exception {
        for (long left = count; left > 0; left -= SILENCE_BLOCK_SAMPLES) {
            recordSamples(like, Silence.like(like.samples, like.audioChannels, (int) Math.min(left, SILENCE_BLOCK_SAMPLES)));
        }
    }

    private void recordSamples(Frame frame, Buffer[] block) throws FrameRecorder.Exception {
        recorder.recordSamples(frame.sampleRate, frame.audioChannels, block);
        samples += Silence.perChannel(block, frame.audioChannels);
    }
}
