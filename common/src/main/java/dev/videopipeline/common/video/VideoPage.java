package dev.videopipeline.common.video;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/** One page of an owner's videos, newest first; {@code nextCursor} is null on the last page. */
public record VideoPage(List<Video> videos, @Nullable String nextCursor) {
}
