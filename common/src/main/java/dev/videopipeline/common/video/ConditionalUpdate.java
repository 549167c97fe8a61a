package dev.videopipeline.common.video;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * One conditional UpdateItem on a video: what it sets, removes and requires. Every write also
 * stamps {@code updatedAt} and bumps {@code version}. Attributes are referenced as {@code #name},
 * values as {@code :name}.
 */
final class ConditionalUpdate {

    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private final StringJoiner sets = new StringJoiner(", ", "SET ", "");
    private final StringJoiner removes = new StringJoiner(", ", " REMOVE ", "").setEmptyValue("");
    private String condition;
    private AwsRequestOverrideConfiguration override = AwsRequestOverrideConfiguration.builder().build();

    private ConditionalUpdate(Instant now) {
        set("updatedAt", VideoItems.s(Timestamps.format(now)));
        value("one", VideoItems.n(1));
        sets.add(name("version") + " = " + name("version") + " + :one");
    }

    static ConditionalUpdate at(Instant now) {
        return new ConditionalUpdate(now);
    }

    ConditionalUpdate set(String attribute, AttributeValue value) {
        value(attribute, value);
        sets.add(name(attribute) + " = :" + attribute);
        return this;
    }

    /** Sets the status, and keeps the sparse byPending index in step with it. */
    ConditionalUpdate status(VideoStatus status) {
        set("status", VideoItems.s(status.name()));
        return status.isPending() ? set(VideoItems.PENDING_STATUS, VideoItems.s(status.name()))
                : remove(VideoItems.PENDING_STATUS);
    }

    ConditionalUpdate increment(String attribute) {
        sets.add(name(attribute) + " = " + name(attribute) + " + :one");
        return this;
    }

    /** Counts one more in {@code attribute}, which starts from 0 where the item has none yet. */
    ConditionalUpdate tally(String attribute) {
        value("zero", VideoItems.n(0));
        sets.add(name(attribute) + " = if_not_exists(" + name(attribute) + ", :zero) + :one");
        return this;
    }

    ConditionalUpdate remove(String attribute) {
        removes.add(name(attribute));
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
            name(attribute);
        }
        this.condition = expression;
        return this;
    }

    ConditionalUpdate value(String placeholder, AttributeValue value) {
        values.put(":" + placeholder, value);
        return this;
    }

    /** The whole call, the SDK's retries included, gives up after {@code timeout}. */
    ConditionalUpdate within(Duration timeout) {
        override = AwsRequestOverrideConfiguration.builder().apiCallTimeout(timeout).build();
        return this;
    }

    /** @return the video after the write, or empty when the condition did not hold */
    Optional<Video> execute(DynamoDbClient dynamoDb, String table, String id) {
        try {
            var updated = dynamoDb.updateItem(b -> b.tableName(table)
                    .key(Map.of("id", VideoItems.s(id)))
                    .updateExpression(sets + removes.toString())
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .overrideConfiguration(override));
            return Optional.of(VideoItems.fromItem(updated.attributes()));
        } catch (ConditionalCheckFailedException conditionFailed) {
            return Optional.empty();
        }
    }

    private String name(String attribute) {
        names.put("#" + attribute, attribute);
        return "#" + attribute;
    }
}
