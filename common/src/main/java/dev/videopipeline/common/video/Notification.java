package dev.videopipeline.common.video;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The outcome mail of a video, moved by {@link NotificationClaims}: PENDING (or none yet) -> SENDING
 * (a mailer's claim, until {@code leaseUntil}) -> SENT, or FAILED when SES refused the mail for good.
 * {@code outcome} is the status the mail is about, so a video that gets another outcome later gets
 * another mail. Items written before {@code outcome} existed read with it null.
 *
 * @param claim     names the SENDING claim: only its holder may record SENT or FAILED
 * @param messageId SES's id of the sent mail
 * @param reason    why SES refused the mail (FAILED)
 */
@Serdeable
public record Notification(Status status, @Nullable VideoStatus outcome, @Nullable Instant leaseUntil,
                           @Nullable String claim, @Nullable Instant sentAt, @Nullable String messageId,
                           @Nullable String reason) {

    public enum Status { PENDING, SENDING, SENT, FAILED }

    public Notification {
        // The table keeps milliseconds; so does the record, so that what is read equals what was written.
        leaseUntil = leaseUntil == null ? null : leaseUntil.truncatedTo(ChronoUnit.MILLIS);
        sentAt = sentAt == null ? null : sentAt.truncatedTo(ChronoUnit.MILLIS);
    }

    /** SENT or FAILED: nothing more will be mailed about {@link #outcome}. */
    public boolean isSettled() {
        return status == Status.SENT || status == Status.FAILED;
    }
}
