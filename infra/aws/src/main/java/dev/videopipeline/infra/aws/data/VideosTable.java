package dev.videopipeline.infra.aws.data;

import dev.videopipeline.infra.aws.config.StageConfig;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * The {@code videos} table as {@code common.video} uses it (docs/architecture.md, "The video item and its status machine"): key {@code id},
 * {@code byOwner} for listings (keyed by {@code owner}, the token's {@code sub}), the sparse
 * {@code byPending} for the receiver's sweeper.
 */
public class VideosTable extends Construct {

    public static final String BY_OWNER = "byOwner";
    public static final String BY_PENDING = "byPending";

    private final Table table;

    public VideosTable(Construct scope, String id, StageConfig config) {
        super(scope, id);
        this.table = OnDemandTable.create(this, "id", config);
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(BY_OWNER)
                .partitionKey(Attribute.builder().name("owner").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("createdAt").type(AttributeType.STRING).build())
                .projectionType(ProjectionType.ALL)
                .build());
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(BY_PENDING)
                .partitionKey(Attribute.builder().name("pendingStatus").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("updatedAt").type(AttributeType.STRING).build())
                .projectionType(ProjectionType.KEYS_ONLY)
                .build());
    }

    public Table table() {
        return table;
    }
}
