package dev.videopipeline.common.video;

import io.micronaut.core.annotation.Nullable;

/**
 * What the receiver checked of a stored source before accepting it: the {@code container} it
 * recognised and the object's {@code etag}. The encoder reads exactly that object (S3 {@code If-Match})
 * with exactly that demuxer; bytes put in its place later are refused, not encoded.
 */
public record CheckedSource(Container container, @Nullable String etag) {
}
