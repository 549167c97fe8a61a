package dev.videopipeline.common.video;

import dev.videopipeline.common.dynamo.ConditionalWrite;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One conditional UpdateItem on a video ({@link ConditionalWrite} with the video's rules): every
 * write also stamps {@code updatedAt} and bumps {@code version}, and a status keeps the sparse
 * byPending index in step. Attributes are referenced as {@code #name}, values as {@code :name}.
 */
final class ConditionalUpdate {

    private final ConditionalWrite write = ConditionalWrite.when(null);

    private ConditionalUpdate(Instant now) {
        set("updatedAt", VideoItems.s(Timestamps.format(now)));
        write.name("version").value("one", VideoItems.n(1)).set("#version = #version + :one");
    }

    static ConditionalUpdate at(Instant now) {
        return new ConditionalUpdate(now);
    }

    ConditionalUpdate set(String attribute, AttributeValue value) {
        write.set(attribute, value);
        return this;
    }

    /** Sets the status, and keeps the sparse byPending index in step with it. */
    ConditionalUpdate status(VideoStatus status) {
        set("status", VideoItems.s(status.name()));
        return status.isPending() ? set(VideoItems.PENDING_STATUS, VideoItems.s(status.name()))
                : remove(VideoItems.PENDING_STATUS);
    }

    ConditionalUpdate increment(String attribute) {
        write.name(attribute).set("#" + attribute + " = #" + attribute + " + :one");
        return this;
    }

    /** Counts one more in {@code attribute}, which starts from 0 where the item has none yet. */
    ConditionalUpdate tally(String attribute) {
        write.name(attribute).value("zero", VideoItems.n(0))
                .set("#" + attribute + " = if_not_exists(#" + attribute + ", :zero) + :one");
        return this;
    }

    /**
     * The placeholder path of a nested attribute ({@code #chunks.#k3.#leaseUntil} for
     * {@code "chunks", "3", "leaseUntil"}), its names registered, for {@link #setClause} and {@link #when}.
     */
    String path(String... segments) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            String placeholder = segment.chars().allMatch(Character::isDigit) ? "#k" + segment : "#" + segment;
            write.name(placeholder, segment);
            path.append(path.isEmpty() ? "" : ".").append(placeholder);
        }
        return path.toString();
    }

    /** A {@code SET} clause as written, over placeholders from {@link #path} and {@link #value}. */
    ConditionalUpdate setClause(String clause) {
        write.set(clause);
        return this;
    }

    ConditionalUpdate remove(String attribute) {
        write.name(attribute).remove("#" + attribute);
        return this;
    }

    ConditionalUpdate apply(VideoChange change) {
        change.sets().forEach(this::set);
        change.removes().forEach(this::remove);
        return this;
    }

    /** The condition, over the {@code attributes} it names and the {@code :values} given with {@link #value}. */
    ConditionalUpdate when(String expression, String... attributes) {
        for (String attribute : attributes) {
            write.name(attribute);
        }
        write.and(expression);
        return this;
    }

    ConditionalUpdate value(String placeholder, AttributeValue value) {
        write.value(placeholder, value);
        return this;
    }

    /** The whole call, the SDK's retries included, gives up after {@code timeout}. */
    ConditionalUpdate within(Duration timeout) {
        write.within(timeout);
        return this;
    }

    /** @return the whole item after the write, or empty when the condition did not hold */
    Optional<Map<String, AttributeValue>> executeForItem(DynamoDbClient dynamoDb, String table, String id) {
        return write.update(dynamoDb, table, Map.of("id", VideoItems.s(id)));
    }

    /** @return the video after the write, or empty when the condition did not hold */
    Optional<Video> execute(DynamoDbClient dynamoDb, String table, String id) {
        return write.update(dynamoDb, table, Map.of("id", VideoItems.s(id))).map(VideoItems::fromItem);
    }
}
