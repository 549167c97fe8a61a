package dev.videopipeline.receiver.quota;

import dev.videopipeline.common.video.Video;

import java.time.LocalDate;
import java.time.ZoneOffset;

/** A video let in by {@link OwnerQuotas}: it counts as in flight, and {@code bytes} count on {@code day}. */
public record Admission(String owner, String videoId, LocalDate day, long bytes) {

    /** A direct upload's admission, as its item recalls it: its declared size, on the day it was created. */
    public static Admission of(Video directUpload) {
        return new Admission(directUpload.owner().id(), directUpload.id(),
                LocalDate.ofInstant(directUpload.createdAt(), ZoneOffset.UTC), directUpload.sizeBytes());
    }
}
