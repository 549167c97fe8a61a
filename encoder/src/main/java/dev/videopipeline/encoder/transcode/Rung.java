package dev.videopipeline.encoder.transcode;

/** A rung chosen for one source: its name, output size (even, upright) and bitrates. */
public record Rung(String name, int width, int height, int videoKbps, int audioKbps) {
}
