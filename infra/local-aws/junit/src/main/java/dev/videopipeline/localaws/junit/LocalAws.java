package dev.videopipeline.localaws.junit;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Local AWS as a test sees it: the state (endpoints, resource names), SDK clients for looking
 * behind the service under test, and a {@link #reset()} between tests. Everything goes through the
 * real AWS APIs, so the same test runs against the emulators and against LocalStack.
 */
public final class LocalAws implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private static final List<String> QUEUE_URL_KEYS = List.of(
            "pipeline.encode-queue-url", "pipeline.encode-dlq-url", "pipeline.notify-queue-url", "pipeline.notify-dlq-url");

    private final Map<String, String> properties;
    private final AutoCloseable backend;
    private final S3Client s3;
    private final SqsClient sqs;
    private final DynamoDbClient dynamoDb;
    private final SesV2Client sesV2;
    private final SesStore sesStore;
    private final ResourceReset resourceReset;

    LocalAws(Map<String, String> properties, AutoCloseable backend) {
        this.properties = properties;
        this.backend = backend;
        AwsClients clients = new AwsClients(properties);
        this.s3 = clients.s3();
        this.sqs = clients.sqs();
        this.dynamoDb = clients.dynamoDb();
        this.sesV2 = clients.sesV2();
        this.sesStore = new SesStore(URI.create(property("local-aws.ses-store-url")));
        this.resourceReset = new ResourceReset(s3, sqs, dynamoDb);
    }

    /**
     * For a benchmark's main, outside JUnit: the emulators in their own process with the JVM's full
     * JIT, as the launcher runs them (the tests' stop at C1, to start fast), or what
     * {@code LOCAL_AWS_STATE} or {@code PIPELINE_AWS} name. {@link #close()} stops them.
     */
    public static LocalAws launchForThroughput() {
        return LocalAwsLauncher.launch(false);
    }

    /** The state file: Micronaut property names (aws.*, pipeline.*) and local-aws.* extras. */
    public Map<String, String> properties() {
        return properties;
    }

    /** One state property; fails when it is missing. */
    public String property(String key) {
        String value = properties.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key + " in the local AWS state; it has " + properties.keySet());
        }
        return value;
    }

    public S3Client s3() {
        return s3;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public SesV2Client sesV2() {
        return sesV2;
    }

    /** Empties both buckets (open multipart uploads too), all four queues, both tables and the sent mail. */
    public void reset() {
        resourceReset.emptyBucket(property("pipeline.uploads-bucket"));
        resourceReset.emptyBucket(property("pipeline.media-bucket"));
        QUEUE_URL_KEYS.forEach(key -> resourceReset.emptyQueue(property(key)));
        resourceReset.emptyTable(property("pipeline.videos-table"));
        resourceReset.emptyTable(property("pipeline.owners-table"));
        sesStore.clear();
    }

    public List<MultipartUpload> openMultipartUploads(String bucket) {
        return s3.listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads().stream().toList();
    }

    /**
     * The bodies of the messages now in the queue, received and deleted (so "exactly one message"
     * can be asserted). Waits up to a second for stragglers; messages in flight are not seen.
     */
    public List<String> receiveAll(String queueUrl) {
        return resourceReset.drain(queueUrl);
    }

    /** The SES emulator's record of sent mail, as JSON: aws-ses-v2-local's {@code {"emails":[...]}}. */
    public String sentMail() {
        return sesStore.read();
    }

    @Override
    public void close() throws Exception {
        s3.close();
        sqs.close();
        dynamoDb.close();
        sesV2.close();
        backend.close();
    }
}
