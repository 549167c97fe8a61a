package dev.videopipeline.encoder.worker;

/**
 * One delivery's place among its owner's running encodes ({@link OwnerTurns}): {@code token} is
 * this delivery's own, never shared, so only it can renew or give back what it took; {@code taken}
 * says whether it took an entry (a video gone, with an outcome or held by another delivery takes none).
 */
record OwnerTurn(String token, boolean taken) {
}
