package dev.videopipeline.encoder.transcode;

import dev.videopipeline.common.video.Probe;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sound of a chunked video, encoded once for the whole of it, one AAC track per bitrate the
 * rungs ask for: cut at the chunks' seams, each piece would start with its own encoder priming and
 * click. Placed on the output's time line as a whole encode places it ({@link SoundTrack}); the
 * pictures are not decoded, and are taken to go on to the end of the video stream.
 */
final class SoundEncoder {

    private SoundEncoder() {
    }

    /** What the sound pass wrote: a file per bitrate, and where the sound ended on the time line. */
    record Sound(Map<Integer, Path> files, long endMicros) {
    }

    /** @return no files when the source has no sound */
    static Sound encode(SourceFile source, Probe probe, Iterable<Integer> kbps, Path dir, ContentClock held) {
        Map<Integer, FFmpegFrameRecorder> recorders = new LinkedHashMap<>();
        Map<Integer, SoundTrack> tracks = new LinkedHashMap<>();
        Map<Integer, Path> files = new LinkedHashMap<>();
        try (var grabber = source.grabber()) {
            grabber.start();
            if (!grabber.hasAudio()) {
                return new Sound(Map.of(), 0);
            }
            for (int rate : kbps) {
                if (!recorders.containsKey(rate)) {
                    Path file = dir.resolve("sound-" + rate + ".mp4");
                    var recorder = new FFmpegFrameRecorder(file.toFile(), 0, 0, RungEncoder.audioChannels(grabber));
                    recorder.setFormat("mp4");
                    RungEncoder.setSound(recorder, grabber, rate);
                    recorders.put(rate, recorder);
                    recorder.start();
                    tracks.put(rate, new SoundTrack(recorder));
                    files.put(rate, file);
                }
            }
            var clock = SourceClock.of(grabber, RungEncoder.outputFrameRate(grabber));
            long picturesEnd = Math.round(probe.durationSeconds() * 1_000_000);
            long end = 0;
            Frame frame;
            while ((frame = grabber.grabSamples()) != null) {
                if (!SoundTrack.isSound(frame)) {
                    continue;
                }
                held.count(frame);
                long micros = clock.place(frame);
                for (SoundTrack track : tracks.values()) {
                    track.record(frame, micros, picturesEnd);
                }
                end = Math.max(end, micros);
            }
            for (var recorder : recorders.values()) {
                recorder.stop();
            }
            return new Sound(files, end);
        } catch (FrameGrabber.Exception e) {
            throw new UnreadableSourceException("The file is not a video we can read.", e);
        } catch (FrameRecorder.Exception e) {
            throw new IllegalStateException("encoding the sound failed: " + e.getMessage(), e);
        } finally {
            for (var recorder : recorders.values()) {
                try {
                    recorder.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
