package dev.videopipeline.receiver.quota;

import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.Map;

/**
 * The owners table: one item per owner, key {@code ownerEmail}; {@code inFlight}, their unfinished
 * videos by id, with when each was admitted ({@link VideosInFlight}); {@code bytesDay} and
 * {@code bytesToday}, what they uploaded on that UTC day ({@link DailyUploadBytes}). Every write is
 * one conditional update.
 */
@Singleton
class OwnerItems {

    private final DynamoDbClient dynamoDb;
    private final String table;

    OwnerItems(DynamoDbClient dynamoDb, QuotaSettings settings) {
        this.dynamoDb = dynamoDb;
        this.table = settings.table();
    }

    /** The owner's item, read consistently; empty when there is none yet. */
    Map<String, AttributeValue> read(String owner) {
        return dynamoDb.getItem(b -> b.tableName(table).key(key(owner)).consistentRead(true)).item();
    }

    /**
     * Applies {@code update} to the owner's item (made if missing) when {@code condition} holds.
     *
     * @param names  {@code #placeholder} to attribute name, or empty
     * @param values {@code :placeholder} to value, or empty
     * @return false when the condition did not hold, and nothing was written
     */
    boolean update(String owner, String update, String condition, Map<String, String> names,
                   Map<String, AttributeValue> values) {
        try {
            dynamoDb.updateItem(b -> {
                b.tableName(table).key(key(owner)).updateExpression(update).conditionExpression(condition);
                if (!names.isEmpty()) {
                    b.expressionAttributeNames(names);
                }
                if (!values.isEmpty()) {
                    b.expressionAttributeValues(values);
                }
            });
            return true;
        } catch (ConditionalCheckFailedException refused) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String owner) {
        return Map.of("ownerEmail", AttributeValue.fromS(owner));
    }
}
