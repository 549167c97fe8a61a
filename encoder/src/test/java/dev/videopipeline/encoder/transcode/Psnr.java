package dev.videopipeline.encoder.transcode;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The luma PSNR of two encodes of the same pictures, picture by picture, in dB: its mean and its
 * lowest, and how many pictures were compared.
 */
public record Psnr(double mean, double worst, long pictures, boolean samePictureCount) {

    public static Psnr of(Path a, Path b) throws Exception {
        try (var first = new FFmpegFrameGrabber(a.toFile()); var second = new FFmpegFrameGrabber(b.toFile())) {
            for (var grabber : new FFmpegFrameGrabber[] {first, second}) {
                grabber.setPixelFormat(avutil.AV_PIX_FMT_GRAY8);
                grabber.start();
            }
            double sum = 0;
            double worst = Double.POSITIVE_INFINITY;
            long pictures = 0;
            Frame x;
            Frame y = null;
            while ((x = first.grabImage()) != null && (y = second.grabImage()) != null) {
                // Identical pictures count as 100 dB, so that the mean stays finite.
                double psnr = Math.min(100, of(x, y));
                sum += psnr;
                worst = Math.min(worst, psnr);
                pictures++;
            }
            boolean same = x == null && y != null && second.grabImage() == null;
            return new Psnr(pictures == 0 ? 0 : sum / pictures, worst, pictures, same);
        }
    }

    private static double of(Frame x, Frame y) {
        var p = (ByteBuffer) x.image[0];
        var q = (ByteBuffer) y.image[0];
        double sum = 0;
        for (int row = 0; row < x.imageHeight; row++) {
            for (int col = 0; col < x.imageWidth; col++) {
                int d = (p.get(row * x.imageStride + col) & 0xFF) - (q.get(row * y.imageStride + col) & 0xFF);
                sum += d * d;
            }
        }
        double mse = sum / ((double) x.imageWidth * x.imageHeight);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255 * 255 / mse);
    }
}
