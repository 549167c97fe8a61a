package dev.videopipeline.common.video;

import dev.videopipeline.common.aws.PipelineResources;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The {@code videos} table. Every status change is one conditional UpdateItem on the expected
 * status, so of two racing writers exactly one wins and the other is told so, never overwrites.
 */
@Singleton
public class VideoRepository {

    public static final String OWNER_INDEX = "byOwner";

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
        dynamoDb.putItem(b -> b.tableName(table)
                .item(VideoItems.toItem(video))
                .conditionExpression("attribute_not_exists(id)"));
    }

    public Optional<Video> find(String id) {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(VideoItems.fromItem(item));
    }

    /**
     * Moves a video from {@code from} to {@code to}, writing {@code change} with it.
     *
     * @return the video after the write, or empty when the video is not (or no longer) in
     *         {@code from}: another writer got there first, or it does not exist
     * @throws IllegalTransitionException when the status machine has no such transition
     */
    public Optional<Video> transition(String id, VideoStatus from, VideoStatus to, VideoChange change) {
        if (!from.canBecome(to)) {
            throw new IllegalTransitionException(from, to);
        }
        Map<String, String> names = new HashMap<>(Map.of("#status", "status", "#version", "version",
                "#updatedAt", "updatedAt"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":from", VideoItems.s(from.name()),
                ":to", VideoItems.s(to.name()),
                ":now", VideoItems.s(Timestamps.format(clock.instant())),
                ":one", VideoItems.n(1)));
        StringJoiner set = new StringJoiner(", ", "SET ", "");
        set.add("#status = :to").add("#updatedAt = :now").add("#version = #version + :one");
        change.sets().forEach((attribute, value) -> {
            names.put("#" + attribute, attribute);
            values.put(":" + attribute, value);
            set.add("#" + attribute + " = :" + attribute);
        });
        if (change.countsAttempt()) {
            names.put("#attempts", "attempts");
            set.add("#attempts = #attempts + :one");
        }
        try {
            var updated = dynamoDb.updateItem(b -> b.tableName(table).key(key(id))
                    .updateExpression(set.toString())
                    .conditionExpression("#status = :from")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW));
            return Optional.of(VideoItems.fromItem(updated.attributes()));
        } catch (ConditionalCheckFailedException lostRace) {
            return Optional.empty();
        }
    }

    /** Records encode progress (0-100) while the video is ENCODING; false once it is not. */
    public boolean updateProgress(String id, int progress) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(key(id))
                    .updateExpression("SET #progress = :progress, #updatedAt = :now, #version = #version + :one")
                    .conditionExpression("#status = :encoding")
                    .expressionAttributeNames(Map.of("#progress", "progress", "#updatedAt", "updatedAt",
                            "#version", "version", "#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":progress", VideoItems.n(Math.max(0, Math.min(100, progress))),
                            ":now", VideoItems.s(Timestamps.format(clock.instant())),
                            ":one", VideoItems.n(1),
                            ":encoding", VideoItems.s(VideoStatus.ENCODING.name()))));
            return true;
        } catch (ConditionalCheckFailedException notEncoding) {
            return false;
        }
    }

    /**
     * An owner's videos, newest first.
     *
     * @param cursor the {@link VideoPage#nextCursor()} of the previous page, or null for the first
     * @throws InvalidCursorException when the cursor was not produced by this method
     */
    public VideoPage listByOwner(String ownerEmail, int limit, @Nullable String cursor) {
        QueryResponse response = dynamoDb.query(b -> {
            b.tableName(table).indexName(OWNER_INDEX)
                    .keyConditionExpression("ownerEmail = :owner")
                    .expressionAttributeValues(Map.of(":owner", VideoItems.s(ownerEmail)))
                    .scanIndexForward(false)
                    .limit(limit);
            if (cursor != null) {
                b.exclusiveStartKey(PageCursor.decode(cursor, ownerEmail));
            }
        });
        var last = response.lastEvaluatedKey();
        String next = response.hasLastEvaluatedKey() && !last.isEmpty() ? PageCursor.encode(last) : null;
        return new VideoPage(response.items().stream().map(VideoItems::fromItem).toList(), next);
    }

    public void delete(String id) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(key(id)));
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", VideoItems.s(id));
    }
}
