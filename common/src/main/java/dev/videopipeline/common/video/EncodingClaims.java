package dev.videopipeline.common.video;

import dev.videopipeline.common.aws.PipelineResources;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Who encodes a video, and until when. A worker claims an UPLOADED video (or an ENCODING one
 * whose lease ran out: its worker crashed or was stopped) and gets it back with {@code attempts}
 * counted up: that number names the claim. Every later write of the worker requires it, so a
 * worker whose claim was taken over can no longer write, and of two workers given the same
 * message exactly one encodes.
 */
@Singleton
public class EncodingClaims {

    private static final String HELD_BY_CLAIM = "#status = :encoding AND #attempts = :attempt";
    private static final String CLAIM_MESSAGE = "claimMessageId";
    private static final String NOT_RELEASED = " AND (attribute_not_exists(#leaseUntil) OR #leaseUntil <> :released)";
    /** The lease of a released claim: long past, so anyone may claim at once. */
    private static final AttributeValue RELEASED =
            VideoItems.s(Timestamps.format(Instant.EPOCH));

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public EncodingClaims(DynamoDbClient dynamoDb, PipelineResources resources, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = resources.videosTable();
        this.clock = clock;
    }

    /**
     * @param messageId the SQS message the worker holds for it: another message for the video, while
     *                  the claim lives, is a copy ({@link #heldThroughAnother})
     * @return the claimed video, or empty when another worker holds a live claim or there is nothing to encode
     */
    public Optional<Video> claim(String videoId, String messageId, Duration lease) {
        Instant now = clock.instant();
        return ConditionalUpdate.at(now)
                .status(VideoStatus.ENCODING)
                .set("progress", VideoItems.n(0))
                .set("leaseUntil", VideoItems.s(Timestamps.format(now.plus(lease))))
                .set(CLAIM_MESSAGE, VideoItems.s(messageId))
                .increment("attempts")
                .when("#status = :uploaded OR (#status = :encoding AND (attribute_not_exists(#leaseUntil) "
                        + "OR #leaseUntil < :now))", "status", "leaseUntil")
                .value("uploaded", VideoItems.s(VideoStatus.UPLOADED.name()))
                .value("encoding", VideoItems.s(VideoStatus.ENCODING.name()))
                .value("now", VideoItems.s(Timestamps.format(now)))
                .execute(dynamoDb, table, videoId);
    }

    /**
     * Whether a live claim on the video was made through a message other than {@code messageId}:
     * then that message is a copy of the request, and the claim's worker holds the original, which
     * comes back by itself should the worker die.
     */
    public boolean heldThroughAnother(String videoId, String messageId) {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(Map.of("id", VideoItems.s(videoId)))
                .consistentRead(true)
                .projectionExpression("#status, leaseUntil, " + CLAIM_MESSAGE)
                .expressionAttributeNames(Map.of("#status", "status"))).item();
        return item.containsKey(CLAIM_MESSAGE) && item.containsKey("leaseUntil")
                && VideoStatus.ENCODING.name().equals(item.get("status").s())
                && !item.get(CLAIM_MESSAGE).s().equals(messageId)
                && Timestamps.parse(item.get("leaseUntil").s()).isAfter(clock.instant());
    }

    /**
     * Records progress (0-100) and extends the lease; false once the claim is no longer this one's,
     * or was released (a heartbeat still in flight must not take a released video back).
     */
    public boolean heartbeat(Video claimed, int progress, Duration lease) {
        Instant now = clock.instant();
        return held(claimed, ConditionalUpdate.at(now)
                .set("progress", VideoItems.n(Math.max(0, Math.min(100, progress))))
                .set("leaseUntil", VideoItems.s(Timestamps.format(now.plus(lease))))
                // One slow call must not outlast the beats after it: the lease is a few of them.
                .within(lease.dividedBy(6))
                .value("released", RELEASED), NOT_RELEASED)
                .isPresent();
    }

    /**
     * Ends the claim with READY or FAILED, writing {@code change} with it.
     *
     * @return the finished video, or empty when the claim was lost (the video is another worker's now)
     */
    public Optional<Video> finish(Video claimed, VideoStatus outcome, VideoChange change) {
        if (!VideoStatus.ENCODING.canBecome(outcome) || outcome == VideoStatus.ENCODING) {
            throw new IllegalTransitionException(VideoStatus.ENCODING, outcome);
        }
        // Not after a release: a handed-back job that ends late must leave the video to its new claim.
        return held(claimed, ConditionalUpdate.at(clock.instant())
                .status(outcome)
                .apply(change)
                .remove("leaseUntil")
                .value("released", RELEASED), NOT_RELEASED);
    }

    /**
     * Gives the video up after a failure (a transient error): another worker may claim it at once,
     * and the attempt stays counted.
     */
    public boolean release(Video claimed) {
        return held(claimed, ConditionalUpdate.at(clock.instant()).set("leaseUntil", RELEASED), "")
                .isPresent();
    }

    /**
     * Gives the video up unfinished because this worker stops (a rolling update, scale-in, Spot):
     * nothing was wrong with the video, so the claim counts as a hand-back, not a failed attempt.
     * The count is kept beside {@code attempts}, which must only grow: it names the claim.
     */
    public boolean handBack(Video claimed) {
        return held(claimed, ConditionalUpdate.at(clock.instant()).set("leaseUntil", RELEASED)
                .tally("handBacks"), "")
                .isPresent();
    }

    /** Writes {@code update} if the claim is still held ({@code andAlso}: a further condition, or ""). */
    Optional<Video> held(Video claimed, ConditionalUpdate update, String andAlso) {
        return update.when(HELD_BY_CLAIM + andAlso, "status", "attempts")
                .value("encoding", VideoItems.s(VideoStatus.ENCODING.name()))
                .value("attempt", VideoItems.n(claimed.attempts()))
                .execute(dynamoDb, table, claimed.id());
    }
}
