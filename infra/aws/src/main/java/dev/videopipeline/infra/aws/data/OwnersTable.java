package dev.videopipeline.infra.aws.data;

import dev.videopipeline.infra.aws.config.StageConfig;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * The {@code owners} table: key {@code ownerEmail}, one item per owner with what the receiver's
 * quotas count (their videos in flight, their bytes uploaded today).
 */
public class OwnersTable extends Construct {

    private final Table table;

    public OwnersTable(Construct scope, String id, StageConfig config) {
        super(scope, id);
        this.table = OnDemandTable.create(this, "ownerEmail", config);
    }

    public Table table() {
        return table;
    }
}
