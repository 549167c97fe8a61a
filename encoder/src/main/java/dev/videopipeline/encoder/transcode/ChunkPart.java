package dev.videopipeline.encoder.transcode;

import java.nio.file.Path;

/**
 * One rung's part of a chunk: a file whose first picture is at {@code firstTick} of the whole
 * grid, of which the pictures from {@code keepFrom} on are the chunk's ({@code pictures} of them,
 * the last at {@code lastTick}); those before are the warm-up, to be dropped when joined.
 */
public record ChunkPart(Rung rung, Path file, long firstTick, long keepFrom, long lastTick, long pictures) {
}
