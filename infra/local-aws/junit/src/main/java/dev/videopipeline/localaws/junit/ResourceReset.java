package dev.videopipeline.localaws.junit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Empties buckets, queues and tables through the AWS APIs, so it works on any backend. */
final class ResourceReset {

    private static final Duration QUEUE_EMPTY_TIMEOUT = Duration.ofSeconds(30);
    private static final int DELETE_OBJECTS_BATCH = 1000;
    private static final int BATCH_WRITE_LIMIT = 25;

    private final S3Client s3;
    private final SqsClient sqs;
    private final DynamoDbClient dynamoDb;

    ResourceReset(S3Client s3, SqsClient sqs, DynamoDbClient dynamoDb) {
        this.s3 = s3;
        this.sqs = sqs;
        this.dynamoDb = dynamoDb;
    }

    /** Aborts every open multipart upload and deletes every object. */
    void emptyBucket(String bucket) {
        s3.listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads().forEach(upload ->
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId())));
        List<ObjectIdentifier> objects = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()
                .forEach(object -> objects.add(ObjectIdentifier.builder().key(object.key()).build()));
        for (int from = 0; from < objects.size(); from += DELETE_OBJECTS_BATCH) {
            List<ObjectIdentifier> batch = objects.subList(from, Math.min(from + DELETE_OBJECTS_BATCH, objects.size()));
            s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
        }
    }

    /**
     * PurgeQueue, then drains until SQS counts no message: real SQS and LocalStack may purge late
     * (or refuse a second purge within 60 s), and a message in flight only comes back once its
     * visibility timeout ends.
     */
    void emptyQueue(String queueUrl) {
        try {
            sqs.purgeQueue(b -> b.queueUrl(queueUrl));
        } catch (PurgeQueueInProgressException e) {
            // An earlier purge is still at work; draining finishes the job.
        }
        Instant deadline = Instant.now().plus(QUEUE_EMPTY_TIMEOUT);
        while (messageCount(queueUrl) > 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(queueUrl + " still has messages after " + QUEUE_EMPTY_TIMEOUT.toSeconds() + " s");
            }
            drain(queueUrl);
        }
    }

    private int messageCount(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    /** Receives and deletes until a receive (waiting up to 1 s) comes back empty; returns the bodies. */
    List<String> drain(String queueUrl) {
        List<String> bodies = new ArrayList<>();
        while (true) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            if (messages.isEmpty()) {
                return bodies;
            }
            for (Message message : messages) {
                bodies.add(message.body());
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    /** Scans and batch-deletes every item by its key attributes. */
    void emptyTable(String table) {
        List<String> keyNames = dynamoDb.describeTable(b -> b.tableName(table)).table().keySchema().stream()
                .map(KeySchemaElement::attributeName)
                .toList();
        List<WriteRequest> deletes = new ArrayList<>();
        dynamoDb.scanPaginator(b -> b.tableName(table)).items().forEach(item -> {
            Map<String, AttributeValue> key = keyNames.stream().collect(Collectors.toMap(name -> name, item::get));
            deletes.add(WriteRequest.builder().deleteRequest(d -> d.key(key)).build());
        });
        for (int from = 0; from < deletes.size(); from += BATCH_WRITE_LIMIT) {
            Map<String, List<WriteRequest>> pending = Map.of(table, deletes.subList(from, Math.min(from + BATCH_WRITE_LIMIT, deletes.size())));
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> batch = pending;
                pending = dynamoDb.batchWriteItem(b -> b.requestItems(batch)).unprocessedItems();
            }
        }
    }
}
