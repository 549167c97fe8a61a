package dev.videopipeline.encoder.transcode;

import java.nio.file.Path;

/** One rung, encoded: an H.264/AAC MP4 on local disk, ready to be published. */
public record RenditionFile(Rung rung, Path file) {
}
