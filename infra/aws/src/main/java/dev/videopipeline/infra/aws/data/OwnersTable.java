package dev.videopipeline.infra.aws.data;

import dev.videopipeline.infra.aws.config.StageConfig;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * The {@code owners} table: key {@code owner} (the identity token's {@code sub}, which stays when the
 * person changes their address), one item per owner with what the quotas count: the receiver's
 * (their videos in flight, their bytes uploaded today) and the encoder's (their running encodes,
 * their source seconds today).
 */
public class OwnersTable extends Construct {

    private final Table table;

    public OwnersTable(Construct scope, String id, StageConfig config) {
        super(scope, id);
        this.table = OnDemandTable.create(this, "owner", config);
    }

    public Table table() {
        return table;
    }
}
