package dev.videopipeline.common.owner;

import dev.videopipeline.common.dynamo.ConditionalWrite;
import dev.videopipeline.common.aws.PipelineResources;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.Map;

/**
 * The owners table ({@code pipeline.owners-table}): one item per owner, key {@code owner} (the
 * owner's token {@code sub}), holding what the fair-use limits count (docs/architecture.md,
 * "Quotas"): the receiver's videos in flight and bytes uploaded today, the encoder's encodes
 * running and source seconds encoded today. Every write is one conditional update.
 */
@Singleton
public class OwnerItems {

    private final DynamoDbClient dynamoDb;
    private final String table;

    OwnerItems(DynamoDbClient dynamoDb, PipelineResources resources) {
        this.dynamoDb = dynamoDb;
        this.table = resources.ownersTable();
    }

    /** The owner's item, read consistently; empty when there is none yet. */
    public Map<String, AttributeValue> read(String owner) {
        return dynamoDb.getItem(b -> b.tableName(table).key(key(owner)).consistentRead(true)).item();
    }

    /**
     * Applies {@code write} to the owner's item (made if missing).
     *
     * @return false when its condition did not hold, and nothing was written
     */
    public boolean update(String owner, ConditionalWrite write) {
        return write.update(dynamoDb, table, key(owner)).isPresent();
    }

    /** {@code write} on the owner's item as one item of a transaction with other tables' writes. */
    public TransactWriteItem inTransaction(String owner, ConditionalWrite write) {
        return write.inTransaction(table, key(owner));
    }

    /**
     * Removes {@code entries} from the owner's map attribute {@code map}, all of them or none: only
     * if each still holds the value given (as read), so a writer that changed one meanwhile keeps it.
     *
     * @return false when one had changed, and nothing was removed
     */
    public boolean removeIfUnchanged(String owner, String map, Map<String, AttributeValue> entries) {
        var write = ConditionalWrite.when(null).name(map);
        int i = 0;
        for (var entry : entries.entrySet()) {
            String path = "#" + map + ".#k" + i;
            write.name("#k" + i, entry.getKey()).value("v" + i, entry.getValue()).remove(path).and(path + " = :v" + i);
            i++;
        }
        return update(owner, write);
    }

    private static Map<String, AttributeValue> key(String owner) {
        return Map.of("owner", AttributeValue.fromS(owner));
    }
}
