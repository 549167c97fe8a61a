package dev.videopipeline.encoder.transcode;

import io.micronaut.context.annotation.Context;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * Refuses to start an encoder whose FFmpeg lacks libx264: the LGPL build would silently encode
 * MPEG-4 Part 2 instead, and every rendition would be wrong. Checked once, as the context starts.
 */
@Context
public class H264EncoderCheck {

    static final String ENCODER = "libx264";

    public H264EncoderCheck() {
        require(ENCODER);
    }

    static void require(String encoderName) {
        var codec = avcodec.avcodec_find_encoder_by_name(encoderName);
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException("FFmpeg has no " + encoderName + " encoder: the encoder needs the GPL "
                    + "build of org.bytedeco:ffmpeg (classifier linux-x86_64-gpl) on its classpath");
        }
    }
}
