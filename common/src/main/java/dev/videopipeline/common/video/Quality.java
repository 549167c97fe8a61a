package dev.videopipeline.common.video;

import io.micronaut.serde.annotation.Serdeable;

/**
 * How close a rendition is to its source, measured on {@code sampledPictures} of its pictures: the
 * mean luma PSNR in dB and the mean luma SSIM (1 is identical). Around 40 dB and 0.98 an encode
 * is hard to tell from its source; below 30 dB and 0.90 its losses show.
 */
@Serdeable
public record Quality(double psnr, double ssim, int sampledPictures) {
}
