package dev.videopipeline.loadtest.scaling;

import java.util.Locale;

/**
 * How the encoders split long videos, in encode seconds on one task: a video whose whole encode
 * would take at least {@code thresholdSeconds} becomes chunks of about {@code chunkSeconds} each,
 * every one a request of its own with {@code overheadSeconds} on top (its download, probe and seek),
 * and the task that finishes the last chunk joins them in {@code joinSeconds} (sound, join, HLS,
 * publish). See docs/architecture.md, "Chunks as units of work".
 */
record Chunking(long thresholdSeconds, long chunkSeconds, long overheadSeconds, long joinSeconds) {

    /** Whole videos only: every upload is one request. */
    static final Chunking OFF = new Chunking(Long.MAX_VALUE, Long.MAX_VALUE, 0, 0);

    /**
     * The encoder's defaults on a production task: 3 min of source and 60 s chunks at about 52 s of
     * encode per 60 s of 1080p30 (docs/scaling.md), a few seconds per chunk and about 20 s to join.
     */
    static final Chunking PRODUCTION = new Chunking(156, 52, 4, 20);

    Chunking {
        if (chunkSeconds < 1 || thresholdSeconds < chunkSeconds || overheadSeconds < 0 || joinSeconds < 0) {
            throw new IllegalArgumentException("chunks need a length of 1 s or more, at most the threshold");
        }
    }

    /** How many requests a video of {@code encodeSeconds} makes. */
    int chunks(long encodeSeconds) {
        return encodeSeconds < thresholdSeconds ? 1 : (int) ((encodeSeconds + chunkSeconds - 1) / chunkSeconds);
    }

    /** The encode seconds of each of a video's chunks. */
    long chunkWork(long encodeSeconds) {
        int chunks = chunks(encodeSeconds);
        return chunks == 1 ? encodeSeconds : Math.max(1, encodeSeconds / chunks) + overheadSeconds;
    }

    String describe() {
        return this == OFF ? "whole videos" : String.format(Locale.ROOT,
                "chunked from %d s of encode in chunks of %d s (+%d s each, %d s to join)", thresholdSeconds,
                chunkSeconds, overheadSeconds, joinSeconds);
    }
}
