package dev.videopipeline.common.dynamo;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The one way this project writes to DynamoDB under a condition: the clauses of one UpdateItem (or
 * the condition of a PutItem or DeleteItem), with attribute names as {@code #placeholders} and
 * values as {@code :placeholders} given beside them, never spliced into the text. A failed
 * condition is an answer (empty, false), not an exception: losing a race is normal here.
 */
public final class ConditionalWrite {

    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private final StringJoiner sets = new StringJoiner(", ", "SET ", "").setEmptyValue("");
    private final StringJoiner adds = new StringJoiner(", ", " ADD ", "").setEmptyValue("");
    private final StringJoiner removes = new StringJoiner(", ", " REMOVE ", "").setEmptyValue("");
    private String condition;
    private AwsRequestOverrideConfiguration override = AwsRequestOverrideConfiguration.builder().build();

    private ConditionalWrite(String condition) {
        this.condition = condition;
    }

    /** A write that happens only when {@code condition} holds (null: always). */
    public static ConditionalWrite when(String condition) {
        return new ConditionalWrite(condition);
    }

    /** {@code SET #attribute = :attribute}. */
    public ConditionalWrite set(String attribute, AttributeValue value) {
        return name(attribute).value(attribute, value).set("#" + attribute + " = :" + attribute);
    }

    /** A {@code SET} clause as written, over placeholders given with {@link #name} and {@link #value}. */
    public ConditionalWrite set(String clause) {
        sets.add(clause);
        return this;
    }

    /** An {@code ADD} clause ({@code #count :n}): adds to a number, or makes it. */
    public ConditionalWrite add(String clause) {
        adds.add(clause);
        return this;
    }

    /** A {@code REMOVE} clause: an attribute's placeholder or a path ({@code #inFlight.#id}). */
    public ConditionalWrite remove(String path) {
        removes.add(path);
        return this;
    }

    /** Also requires {@code more}. */
    public ConditionalWrite and(String more) {
        condition = condition == null ? more : "(" + condition + ") AND (" + more + ")";
        return this;
    }

    /** {@code #attribute} stands for {@code attribute}. */
    public ConditionalWrite name(String attribute) {
        return name("#" + attribute, attribute);
    }

    /** {@code placeholder} ({@code #id}) stands for {@code attribute}, which may be any string (a map's key). */
    public ConditionalWrite name(String placeholder, String attribute) {
        String before = names.putIfAbsent(placeholder, attribute);
        if (before != null && !before.equals(attribute)) {
            throw new IllegalArgumentException(placeholder + " stands for " + before + " already, not " + attribute);
        }
        return this;
    }

    /** {@code :placeholder} stands for {@code value}. */
    public ConditionalWrite value(String placeholder, AttributeValue value) {
        values.put(":" + placeholder, value);
        return this;
    }

    /** The whole call, the SDK's retries included, gives up after {@code timeout}. */
    public ConditionalWrite within(Duration timeout) {
        override = AwsRequestOverrideConfiguration.builder().apiCallTimeout(timeout).build();
        return this;
    }

    /** @return the item after the update, or empty when the condition did not hold and nothing was written */
    public Optional<Map<String, AttributeValue>> update(DynamoDbClient dynamoDb, String table,
                                                        Map<String, AttributeValue> key) {
        try {
            return Optional.of(dynamoDb.updateItem(b -> b.tableName(table).key(key)
                    .updateExpression(updateExpression())
                    .conditionExpression(condition)
                    .expressionAttributeNames(names())
                    .expressionAttributeValues(values())
                    .returnValues(ReturnValue.ALL_NEW)
                    .overrideConfiguration(override)).attributes());
        } catch (ConditionalCheckFailedException conditionFailed) {
            return Optional.empty();
        }
    }

    /** @return false when the condition did not hold and the item was left */
    public boolean delete(DynamoDbClient dynamoDb, String table, Map<String, AttributeValue> key) {
        return held(() -> dynamoDb.deleteItem(b -> b.tableName(table).key(key).conditionExpression(condition)
                .expressionAttributeNames(names()).expressionAttributeValues(values()).overrideConfiguration(override)));
    }

    /** @return false when the condition did not hold and nothing was written */
    public boolean put(DynamoDbClient dynamoDb, String table, Map<String, AttributeValue> item) {
        return held(() -> dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression(condition)
                .expressionAttributeNames(names()).expressionAttributeValues(values()).overrideConfiguration(override)));
    }

    /** This update as one item of a transaction, whose cancellation reasons say which condition failed. */
    public TransactWriteItem inTransaction(String table, Map<String, AttributeValue> key) {
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(key)
                .updateExpression(updateExpression())
                .conditionExpression(condition)
                .expressionAttributeNames(names())
                .expressionAttributeValues(values())).build();
    }

    private static boolean held(Runnable write) {
        try {
            write.run();
            return true;
        } catch (ConditionalCheckFailedException conditionFailed) {
            return false;
        }
    }

    /** DynamoDB refuses an empty map: null leaves it out of the request. */
    private Map<String, String> names() {
        return names.isEmpty() ? null : names;
    }

    private Map<String, AttributeValue> values() {
        return values.isEmpty() ? null : values;
    }

    private String updateExpression() {
        String expression = (sets + adds.toString() + removes).strip();
        if (expression.isEmpty()) {
            throw new IllegalStateException("an update with nothing to set, add or remove");
        }
        return expression;
    }
}
