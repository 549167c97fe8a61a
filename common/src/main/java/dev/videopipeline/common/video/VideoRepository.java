package dev.videopipeline.common.video;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.dynamo.ConditionalWrite;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code videos} table. Every status change is one conditional UpdateItem on the expected
 * status, so of two racing writers exactly one wins and the other is told so, never overwrites.
 */
@Singleton
public class VideoRepository {

    public static final String OWNER_INDEX = "byOwner";
    public static final String PENDING_INDEX = "byPending";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public VideoRepository(DynamoDbClient dynamoDb, PipelineResources resources, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = resources.videosTable();
        this.clock = clock;
    }

    /** Stores a new video; an id that exists already is a bug and fails. */
    public void create(Video video) {
        if (!ConditionalWrite.when("attribute_not_exists(id)").put(dynamoDb, table, VideoItems.toItem(video))) {
            throw new IllegalStateException("video " + video.id() + " exists already");
        }
    }

    public Optional<Video> find(String id) {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(VideoItems.fromItem(item));
    }

    /**
     * Moves a video from {@code from} to {@code to}, writing {@code change} with it. Entering and
     * leaving ENCODING belong to {@link EncodingClaims}, which also checks who holds the claim.
     *
     * @return the video after the write, or empty when the video is not (or no longer) in
     *         {@code from}: another writer got there first, or it does not exist
     * @throws IllegalTransitionException when the status machine has no such transition
     */
    public Optional<Video> transition(String id, VideoStatus from, VideoStatus to, VideoChange change) {
        if (!from.canBecome(to)) {
            throw new IllegalTransitionException(from, to);
        }
        if (from == VideoStatus.ENCODING || to == VideoStatus.ENCODING) {
            throw new IllegalArgumentException("ENCODING is entered and left through EncodingClaims only");
        }
        return ConditionalUpdate.at(clock.instant())
                .status(to)
                .apply(change)
                .when("#status = :from", "status")
                .value("from", VideoItems.s(from.name()))
                .execute(dynamoDb, table, id);
    }

    /**
     * The owner's retry of a FAILED video: it starts over as UPLOADED ({@link VideoChange#startOver()}),
     * at most {@code maxRetries} times in its life, counted in {@code retries}.
     *
     * @return the video after the write, or empty when it is not FAILED or has used up its retries
     */
    public Optional<Video> startOver(String id, int maxRetries) {
        return ConditionalUpdate.at(clock.instant())
                .status(VideoStatus.UPLOADED)
                .apply(VideoChange.with().startOver())
                .tally("retries")
                .when("#status = :from AND (attribute_not_exists(#retries) OR #retries < :max)", "status", "retries")
                .value("from", VideoItems.s(VideoStatus.FAILED.name()))
                .value("max", VideoItems.n(maxRetries))
                .execute(dynamoDb, table, id);
    }

    /**
     * An owner's videos, newest first.
     *
     * @param cursor the {@link VideoPage#nextCursor()} of the previous page, or null for the first
     * @throws InvalidCursorException when the cursor was not produced by this method
     */
    public VideoPage listByOwner(String ownerId, int limit, @Nullable String cursor) {
        QueryResponse response = dynamoDb.query(b -> {
            b.tableName(table).indexName(OWNER_INDEX)
                    .keyConditionExpression("#owner = :owner")
                    .expressionAttributeNames(Map.of("#owner", "owner"))
                    .expressionAttributeValues(Map.of(":owner", VideoItems.s(ownerId)))
                    .scanIndexForward(false)
                    .limit(limit);
            if (cursor != null) {
                b.exclusiveStartKey(PageCursor.decode(cursor, ownerId));
            }
        });
        var last = response.lastEvaluatedKey();
        String next = response.hasLastEvaluatedKey() && !last.isEmpty() ? PageCursor.encode(last) : null;
        return new VideoPage(response.items().stream().map(VideoItems::fromItem).toList(), next);
    }

    /**
     * The ids of videos that have been {@code status} (UPLOADING or UPLOADED) since before
     * {@code updatedBefore}, oldest first: uploads that stalled, or whose encode request was lost.
     */
    public List<String> pendingSince(VideoStatus status, Instant updatedBefore, int limit) {
        if (!status.isPending()) {
            throw new IllegalArgumentException(status + " is not a pending status");
        }
        return dynamoDb.query(b -> b.tableName(table).indexName(PENDING_INDEX)
                        .keyConditionExpression("#pending = :status AND #updatedAt < :before")
                        .expressionAttributeNames(Map.of("#pending", VideoItems.PENDING_STATUS, "#updatedAt", "updatedAt"))
                        .expressionAttributeValues(Map.of(
                                ":status", VideoItems.s(status.name()),
                                ":before", VideoItems.s(Timestamps.format(updatedBefore))))
                        .limit(limit))
                .items().stream().map(item -> item.get("id").s()).toList();
    }

    /** How many videos are {@code status} (a pending status), from the byPending index. */
    public long countPending(VideoStatus status) {
        if (!status.isPending()) {
            throw new IllegalArgumentException(status + " is not a pending status");
        }
        return dynamoDb.queryPaginator(b -> b.tableName(table).indexName(PENDING_INDEX)
                        .keyConditionExpression("#pending = :status")
                        .expressionAttributeNames(Map.of("#pending", VideoItems.PENDING_STATUS))
                        .expressionAttributeValues(Map.of(":status", VideoItems.s(status.name())))
                        .select(Select.COUNT))
                .stream().mapToLong(QueryResponse::count).sum();
    }

    /** Stamps {@code updatedAt} if the video is still {@code expected}; false otherwise. */
    public boolean touch(String id, VideoStatus expected) {
        return ConditionalUpdate.at(clock.instant())
                .when("#status = :expected", "status")
                .value("expected", VideoItems.s(expected.name()))
                .execute(dynamoDb, table, id)
                .isPresent();
    }

    /** Stamps {@code updatedAt} only if the video is still {@code expected} and idle since {@code before}: of several callers, one wins. */
    public boolean touchIfIdle(String id, VideoStatus expected, Instant before) {
        return ConditionalUpdate.at(clock.instant())
                .when("#status = :expected AND #updatedAt < :before", "status", "updatedAt")
                .value("expected", VideoItems.s(expected.name()))
                .value("before", VideoItems.s(Timestamps.format(before)))
                .execute(dynamoDb, table, id)
                .isPresent();
    }

    /**
     * Deletes the video only if it is still {@code status} and unchanged since before
     * {@code updatedBefore}, so a client finishing its upload at that moment wins.
     */
    public boolean deleteIfStale(String id, VideoStatus status, Instant updatedBefore) {
        return ConditionalWrite.when("#status = :status AND #updatedAt < :before").name("status").name("updatedAt")
                .value("status", VideoItems.s(status.name()))
                .value("before", VideoItems.s(Timestamps.format(updatedBefore)))
                .delete(dynamoDb, table, key(id));
    }

    /**
     * The statuses of those of {@code ids} (at most 100) that exist, read consistently in one batch.
     */
    public Map<String, VideoStatus> statuses(Collection<String> ids) {
        Map<String, VideoStatus> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        Map<String, KeysAndAttributes> unread = Map.of(table, KeysAndAttributes.builder()
                .keys(ids.stream().map(VideoRepository::key).toList())
                .projectionExpression("id, #status")
                .expressionAttributeNames(Map.of("#status", "status"))
                .consistentRead(true)
                .build());
        while (!unread.isEmpty()) {
            var request = unread;
            var response = dynamoDb.batchGetItem(b -> b.requestItems(request));
            response.responses().getOrDefault(table, List.of()).forEach(item ->
                    found.put(item.get("id").s(), VideoStatus.valueOf(item.get("status").s())));
            unread = response.unprocessedKeys();
        }
        return found;
    }

    /** Deletes the video only if it is still {@code status}: of two racing callers, one deletes it. */
    public boolean deleteIf(String id, VideoStatus status) {
        return ConditionalWrite.when("#status = :status").name("status").value("status", VideoItems.s(status.name()))
                .delete(dynamoDb, table, key(id));
    }

    public void delete(String id) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(key(id)));
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", VideoItems.s(id));
    }
}
