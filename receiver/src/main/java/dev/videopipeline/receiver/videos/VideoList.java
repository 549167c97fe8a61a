package dev.videopipeline.receiver.videos;

import dev.videopipeline.receiver.catalog.VideoResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** A page of an owner's videos; pass {@code nextCursor} back as {@code cursor} for the next page. */
@Serdeable
public record VideoList(List<VideoResponse> videos, @Nullable String nextCursor) {
}
