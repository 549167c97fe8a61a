package dev.videopipeline.localaws.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The LocalStack backend provisions the same resources (run the whole suite on it with
 * -Dpipeline.aws=localstack). Skipped where there is no Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackSmokeIT {

    @Test
    void localStackIsProvisionedLikeTheEmulators() throws Exception {
        try (LocalAws aws = LocalStackBackend.start(LocalAwsHome.find())) {
            String queue = aws.property("pipeline.encode-queue-url");
            aws.sqs().sendMessage(m -> m.queueUrl(queue).messageBody("hello"));
            aws.s3().putObject(b -> b.bucket(aws.property("pipeline.uploads-bucket")).key("k"), RequestBody.fromString("v"));

            assertThat(aws.receiveAll(queue)).containsExactly("hello");
            assertThat(aws.dynamoDb().describeTable(t -> t.tableName(aws.property("pipeline.videos-table")))
                    .table().globalSecondaryIndexes()).extracting(index -> index.indexName()).containsExactlyInAnyOrder("byOwner", "byPending");
            assertThat(aws.dynamoDb().describeTable(t -> t.tableName(aws.property("pipeline.owners-table")))
                    .table().keySchema()).extracting(key -> key.attributeName()).containsExactly("owner");
            aws.reset();
        }
    }
}
