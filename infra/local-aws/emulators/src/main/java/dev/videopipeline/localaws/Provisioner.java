package dev.videopipeline.localaws;

import java.net.URI;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the pipeline's buckets, tables, queues and sender identity through the real AWS APIs.
 * Idempotent: whatever already exists is kept, so it also runs against a persisted data dir or a
 * long-lived LocalStack.
 */
final class Provisioner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Provisioner.class);
    private static final int MAX_RECEIVE_COUNT = 5;

    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final SesV2Client ses;

    Provisioner(Endpoints endpoints) {
        s3 = client(S3Client.builder().forcePathStyle(true), endpoints.s3());
        dynamoDb = client(DynamoDbClient.builder(), endpoints.dynamoDb());
        sqs = client(SqsClient.builder(), endpoints.sqs());
        ses = client(SesV2Client.builder(), endpoints.sesV2());
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, URI endpoint) {
        return builder.region(LocalAccount.region())
                .credentialsProvider(LocalAccount.credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .build();
    }

    QueueUrls provision(Resources resources) {
        createBucket(resources.uploadsBucket());
        createBucket(resources.mediaBucket());
        createVideosTable(resources.videosTable());
        createOwnersTable(resources.ownersTable());
        String encodeDlq = createQueue(resources.encodeDlq(), Map.of());
        String encode = createQueue(resources.encodeQueue(), Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "120",
                QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20",
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy(encodeDlq)));
        String notifyDlq = createQueue(resources.notifyDlq(), Map.of());
        String notify = createQueue(resources.notifyQueue(), Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "60",
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy(notifyDlq)));
        createSenderIdentity(resources.mailFrom());
        return new QueueUrls(encode, encodeDlq, notify, notifyDlq);
    }

    private void createBucket(String bucket) {
        try {
            s3.createBucket(b -> b.bucket(bucket));
            log.info("created bucket {}", bucket);
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException e) {
            log.info("bucket {} exists", bucket);
        }
    }

    /**
     * PK {@code id}; GSI {@code byOwner} lists an owner's videos (by {@code owner}, their token's {@code sub}) by creation time (ISO-8601 strings
     * sort); sparse GSI {@code byPending} finds videos not yet taken by an encoder, by last update.
     */
    private void createVideosTable(String table) {
        createTable(table, t -> t
                .attributeDefinitions(stringAttribute("id"), stringAttribute("owner"), stringAttribute("createdAt"),
                        stringAttribute("pendingStatus"), stringAttribute("updatedAt"))
                .keySchema(key("id", KeyType.HASH))
                .globalSecondaryIndexes(
                        index -> index.indexName("byOwner")
                                .keySchema(key("owner", KeyType.HASH), key("createdAt", KeyType.RANGE))
                                .projection(p -> p.projectionType(ProjectionType.ALL)),
                        index -> index.indexName("byPending")
                                .keySchema(key("pendingStatus", KeyType.HASH), key("updatedAt", KeyType.RANGE))
                                .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))));
    }

    /** PK {@code owner} (the owner's token {@code sub}): each owner's usage, which the quotas count. */
    private void createOwnersTable(String table) {
        createTable(table, t -> t
                .attributeDefinitions(stringAttribute("owner"))
                .keySchema(key("owner", KeyType.HASH)));
    }

    private void createTable(String table, Consumer<CreateTableRequest.Builder> definition) {
        try {
            dynamoDb.createTable(t -> definition.accept(t.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)));
            log.info("created table {}", table);
        } catch (ResourceInUseException e) {
            log.info("table {} exists", table);
        }
        dynamoDb.waiter().waitUntilTableExists(t -> t.tableName(table));
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    /** CreateQueue answers the existing queue's URL when the attributes match. */
    private String createQueue(String name, Map<QueueAttributeName, String> attributes) {
        String url = sqs.createQueue(q -> q.queueName(name).attributes(attributes)).queueUrl();
        log.info("queue {} at {}", name, url);
        return url;
    }

    private String redrivePolicy(String dlqUrl) {
        String dlqArn = sqs.getQueueAttributes(a -> a.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + MAX_RECEIVE_COUNT + "\"}";
    }

    /**
     * LocalStack and AWS want a sender identity. aws-ses-v2-local has no identities API (it sends from
     * any address) and answers 404 {@code <UnknownOperationException/>}; any other failure is real.
     */
    private void createSenderIdentity(String mailFrom) {
        try {
            ses.createEmailIdentity(i -> i.emailIdentity(mailFrom));
            log.info("created sender identity {}", mailFrom);
        } catch (AlreadyExistsException e) {
            log.info("sender identity {} exists", mailFrom);
        } catch (SesV2Exception e) {
            if (!isUnknownOperation(e)) {
                throw e;
            }
            log.info("SES emulator has no sender identities; {} sends without one", mailFrom);
        }
    }

    private static boolean isUnknownOperation(SesV2Exception e) {
        return e.statusCode() == 404 && e.awsErrorDetails() != null
                && e.awsErrorDetails().rawResponse() != null
                && e.awsErrorDetails().rawResponse().asUtf8String().contains("UnknownOperationException");
    }

    @Override
    public void close() {
        s3.close();
        dynamoDb.close();
        sqs.close();
        ses.close();
    }
}
