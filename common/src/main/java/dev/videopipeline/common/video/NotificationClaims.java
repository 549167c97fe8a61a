package dev.videopipeline.common.video;

import dev.videopipeline.common.aws.PipelineResources;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Who mails a video's outcome, and until when: the mailer's side of "one mail per outcome". A
 * mailer claims the notification (SENDING, with a lease and a random claim id), sends, then records
 * SENT or FAILED; every write after the claim requires the claim id, so a mailer whose lease ran out
 * and was taken over cannot overwrite its successor. Each step is one conditional UpdateItem.
 */
@Singleton
public class NotificationClaims {

    /**
     * The video has this outcome, and its mail is not settled: none yet, one about another outcome,
     * one handed back (PENDING), or one whose mailer's lease ran out (it crashed between claim and send).
     */
    private static final String CLAIMABLE = "#status = :outcome AND (attribute_not_exists(#notification) "
            + "OR #notification.#outcome <> :outcome OR #notification.#status = :pending "
            + "OR (#notification.#status = :sending AND #notification.#leaseUntil < :now))";
    private static final String HELD_BY_CLAIM = "#notification.#status = :sending AND #notification.#claim = :claim";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public NotificationClaims(DynamoDbClient dynamoDb, PipelineResources resources, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = resources.videosTable();
        this.clock = clock;
    }

    /**
     * @param outcome READY or FAILED: the outcome the mail is about
     * @return the video with its notification SENDING under a new claim; empty when the video does not
     *         exist, no longer has that outcome, its mail is settled, or another mailer holds a live claim
     */
    public Optional<Video> claim(String videoId, VideoStatus outcome, Duration lease) {
        if (!outcome.isFinal()) {
            throw new IllegalArgumentException("only an outcome is mailed, not " + outcome);
        }
        Instant now = clock.instant();
        var claimed = new Notification(Notification.Status.SENDING, outcome, now.plus(lease),
                UUID.randomUUID().toString(), null, null, null);
        return ConditionalUpdate.at(now)
                .set("notification", VideoItems.notification(claimed))
                .when(CLAIMABLE, "status", "notification", "outcome", "leaseUntil")
                .value("outcome", VideoItems.s(outcome.name()))
                .value("pending", VideoItems.s(Notification.Status.PENDING.name()))
                .value("sending", VideoItems.s(Notification.Status.SENDING.name()))
                .value("now", VideoItems.s(Timestamps.format(now)))
                .execute(dynamoDb, table, videoId);
    }

    /** Records the mail as sent; false when the claim is no longer this one's. */
    public boolean sent(Video claimed, String sesMessageId) {
        Instant now = clock.instant();
        return writeIfHeld(claimed, new Notification(Notification.Status.SENT, claimed.notification().outcome(), null,
                null, now, sesMessageId, null), now);
    }

    /** Records that SES refused the mail for good ({@code reason}); false when the claim is no longer this one's. */
    public boolean failed(Video claimed, String reason) {
        return writeIfHeld(claimed, new Notification(Notification.Status.FAILED, claimed.notification().outcome(), null,
                null, null, null, reason), clock.instant());
    }

    /** Hands the claim back (PENDING) after a transient error: the next delivery may claim at once. */
    public boolean release(Video claimed) {
        return writeIfHeld(claimed, new Notification(Notification.Status.PENDING, claimed.notification().outcome(), null,
                null, null, null, null), clock.instant());
    }

    private boolean writeIfHeld(Video claimed, Notification next, Instant now) {
        return ConditionalUpdate.at(now)
                .set("notification", VideoItems.notification(next))
                .when(HELD_BY_CLAIM, "notification", "status", "claim")
                .value("sending", VideoItems.s(Notification.Status.SENDING.name()))
                .value("claim", VideoItems.s(claimed.notification().claim()))
                .execute(dynamoDb, table, claimed.id())
                .isPresent();
    }
}
