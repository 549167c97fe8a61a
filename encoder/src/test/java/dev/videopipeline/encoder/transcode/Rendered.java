package dev.videopipeline.encoder.transcode;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file probed as a player meets it: where its time line starts and how long it lasts, what
 * shape it is shown at, where its first visible picture and first audible sound fall, and at
 * which instants its key frames are.
 */
record Rendered(double startSeconds, double durationSeconds, int width, int height, double pixelShape,
                double firstPictureSeconds, double firstSoundSeconds, int pictures) {

    /** Picture luma above this is not black (limited range black is 16). */
    private static final int VISIBLE_LUMA = 30;
    private static final int AUDIBLE = 1000;

    double displayAspect() {
        return width * pixelShape / height;
    }

    static Rendered of(Path file) throws Exception {
        try (var grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_GRAY8);
            grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            grabber.start();
            var context = grabber.getFormatContext();
            double start = context.start_time() == avutil.AV_NOPTS_VALUE ? 0 : context.start_time() / 1e6;
            double firstPicture = Double.NaN;
            double firstSound = Double.NaN;
            int pictures = 0;
            Frame frame;
            while ((frame = grabber.grab()) != null) {
                if (frame.image != null) {
                    pictures++;
                    if (Double.isNaN(firstPicture) && meanLuma(frame) > VISIBLE_LUMA) {
                        firstPicture = frame.timestamp / 1e6;
                    }
                }
                if (frame.samples != null && Double.isNaN(firstSound)) {
                    var samples = (ShortBuffer) frame.samples[0];
                    for (int i = 0; i < samples.limit(); i++) {
                        if (Math.abs(samples.get(i)) > AUDIBLE) {
                            firstSound = frame.timestamp / 1e6 + i / (double) frame.audioChannels / frame.sampleRate;
                            break;
                        }
                    }
                }
            }
            return new Rendered(start, context.duration() / 1e6, grabber.getImageWidth(), grabber.getImageHeight(),
                    grabber.getAspectRatio(), firstPicture, firstSound, pictures);
        }
    }

    /** The presentation times of the file's key frames, in seconds. */
    static List<Double> keyFrames(Path file) throws Exception {
        try (var grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            var video = SourceProbe.videoStream(grabber);
            List<Double> instants = new ArrayList<>();
            AVPacket packet;
            while ((packet = grabber.grabPacket()) != null) {
                if (packet.stream_index() == video.index() && (packet.flags() & org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY) != 0) {
                    instants.add(packet.pts() * avutil.av_q2d(video.time_base()));
                }
            }
            instants.sort(Double::compare);
            return instants;
        }
    }

    private static double meanLuma(Frame frame) {
        var image = (ByteBuffer) frame.image[0];
        long sum = 0;
        for (int y = 0; y < frame.imageHeight; y++) {
            for (int x = 0; x < frame.imageWidth; x++) {
                sum += image.get(y * frame.imageStride + x) & 0xFF;
            }
        }
        return sum / (double) (frame.imageWidth * frame.imageHeight);
    }
}
