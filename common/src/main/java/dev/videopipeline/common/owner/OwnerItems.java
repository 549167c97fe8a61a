package dev.videopipeline.common.owner;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The owners table ({@code pipeline.quota.table}): one item per owner, key {@code owner} (the
 * owner's token {@code sub}), holding what the fair-use limits count (docs/architecture.md,
 * "Quotas"): the receiver's videos in flight and bytes uploaded today, the encoder's encodes
 * running and source seconds encoded today. Every write is one conditional update.
 */
@Singleton
public class OwnerItems {

    private final DynamoDbClient dynamoDb;
    private final String table;

    OwnerItems(DynamoDbClient dynamoDb, @Value("${pipeline.quota.table}") String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** The owner's item, read consistently; empty when there is none yet. */
    public Map<String, AttributeValue> read(String owner) {
        return dynamoDb.getItem(b -> b.tableName(table).key(key(owner)).consistentRead(true)).item();
    }

    /**
     * Applies {@code update} to the owner's item (made if missing) when {@code condition} holds.
     *
     * @param names  {@code #placeholder} to attribute name, or empty
     * @param values {@code :placeholder} to value, or empty
     * @return false when the condition did not hold, and nothing was written
     */
    public boolean update(String owner, String update, String condition, Map<String, String> names,
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

    /**
     * Removes {@code entries} from the owner's map attribute {@code map}, all of them or none: only
     * if each still holds the value given (as read), so a writer that changed one meanwhile keeps it.
     *
     * @return false when one had changed, and nothing was removed
     */
    public boolean removeIfUnchanged(String owner, String map, Map<String, AttributeValue> entries) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> removals = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        int i = 0;
        for (var entry : entries.entrySet()) {
            names.put("#k" + i, entry.getKey());
            values.put(":v" + i, entry.getValue());
            removals.add(map + ".#k" + i);
            conditions.add(map + ".#k" + i + " = :v" + i);
            i++;
        }
        return update(owner, "REMOVE " + String.join(", ", removals), String.join(" AND ", conditions), names, values);
    }

    private static Map<String, AttributeValue> key(String owner) {
        return Map.of("owner", AttributeValue.fromS(owner));
    }
}
