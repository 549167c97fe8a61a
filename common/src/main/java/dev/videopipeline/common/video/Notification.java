package dev.videopipeline.common.video;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** The outcome mail of a video: the mailer moves it PENDING -> SENDING -> SENT exactly once. */
@Serdeable
public record Notification(Status status, @Nullable Instant sentAt, @Nullable String messageId) {

    public enum Status { PENDING, SENDING, SENT, FAILED }
}
