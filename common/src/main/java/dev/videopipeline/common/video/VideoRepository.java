package dev.videopipeline.common.video;

import dev.videopipeline.common.aws.PipelineResources;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

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
                .set("status", VideoItems.s(to.name()))
                .apply(change)
                .when("#status = :from", "status")
                .value("from", VideoItems.s(from.name()))
                .execute(dynamoDb, table, id);
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
