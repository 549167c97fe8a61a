package dev.videopipeline.localaws.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.model.Message;

/** The extension's promise, checked with the real SDK against the emulators it starts. */
@LocalAwsTest
class LocalAwsExtensionIT {

    private final LocalAws aws;
    private final String uploads;

    LocalAwsExtensionIT(LocalAws aws) {
        this.aws = aws;
        this.uploads = aws.property("pipeline.uploads-bucket");
    }

    @BeforeEach
    void startClean() {
        aws.reset();
    }

    @Test
    void stateIsPublishedAsSystemProperties() {
        assertThat(aws.properties()).containsKeys(
                "aws.region", "aws.credentials.access-key-id", "aws.credentials.secret-access-key",
                "aws.services.s3.endpoint-override", "aws.services.sqs.endpoint-override",
                "aws.services.dynamodb.endpoint-override", "aws.services.sesv2.endpoint-override",
                "pipeline.uploads-bucket", "pipeline.media-bucket", "pipeline.videos-table", "pipeline.owners-table",
                "pipeline.encode-queue-url", "pipeline.encode-dlq-url", "pipeline.notify-queue-url",
                "pipeline.notify-dlq-url", "pipeline.mail-from", "local-aws.ses-store-url", "local-aws.pid");
        aws.properties().forEach((key, value) -> assertThat(System.getProperty(key)).as(key).isEqualTo(value));
    }

    @Test
    void emulatorsRunInOneChildProcessSharedByTheTestClasses() {
        EmulatorPids.assertSharedBy(aws);
    }

    @Test
    void objectRoundTrips() {
        aws.s3().putObject(b -> b.bucket(uploads).key("uploads/v1/source"), RequestBody.fromString("video bytes"));

        assertThat(aws.s3().getObjectAsBytes(b -> b.bucket(uploads).key("uploads/v1/source")).asUtf8String())
                .isEqualTo("video bytes");
    }

    @Test
    void multipartUploadCompletesAndAbortedOneDisappearsFromTheList() {
        byte[] firstPart = new byte[5 * 1024 * 1024]; // S3's minimum for every part but the last
        Arrays.fill(firstPart, (byte) 'a');
        String completeId = aws.s3().createMultipartUpload(b -> b.bucket(uploads).key("complete")).uploadId();
        String etag1 = aws.s3().uploadPart(b -> b.bucket(uploads).key("complete").uploadId(completeId).partNumber(1),
                RequestBody.fromBytes(firstPart)).eTag();
        String etag2 = aws.s3().uploadPart(b -> b.bucket(uploads).key("complete").uploadId(completeId).partNumber(2),
                RequestBody.fromString("tail")).eTag();
        String abortedId = aws.s3().createMultipartUpload(b -> b.bucket(uploads).key("aborted")).uploadId();
        aws.s3().uploadPart(b -> b.bucket(uploads).key("aborted").uploadId(abortedId).partNumber(1), RequestBody.fromString("x"));

        assertThat(aws.openMultipartUploads(uploads)).extracting(MultipartUpload::uploadId).contains(completeId, abortedId);

        aws.s3().completeMultipartUpload(b -> b.bucket(uploads).key("complete").uploadId(completeId).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                CompletedPart.builder().partNumber(2).eTag(etag2).build())));
        aws.s3().abortMultipartUpload(b -> b.bucket(uploads).key("aborted").uploadId(abortedId));

        assertThat(aws.openMultipartUploads(uploads)).isEmpty();
        assertThat(aws.s3().headObject(b -> b.bucket(uploads).key("complete")).contentLength())
                .isEqualTo(firstPart.length + 4L);
    }

    @Test
    void presignedPutStoresTheObjectAndATamperedOneIsRefused() throws Exception {
        try (S3Presigner presigner = S3Presigner.builder()
                .region(aws.s3().serviceClientConfiguration().region())
                .credentialsProvider(aws.s3().serviceClientConfiguration().credentialsProvider())
                .endpointOverride(URI.create(aws.property("aws.services.s3.endpoint-override")))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build()) {
            URI url = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(o -> o.bucket(uploads).key("direct"))).url().toURI();
            URI tampered = URI.create(url.toString().replace("X-Amz-Signature=", "X-Amz-Signature=0"));

            assertThat(put(url, "direct upload")).isEqualTo(200);
            assertThat(put(tampered, "forged")).isEqualTo(403);
        }
        assertThat(aws.s3().getObjectAsBytes(b -> b.bucket(uploads).key("direct")).asUtf8String()).isEqualTo("direct upload");
    }

    private static int put(URI url, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void ownersVideosComeNewestFirstFromTheGsi() {
        String table = aws.property("pipeline.videos-table");
        putVideo(table, "v1", "ann@example.com", "2026-01-01T10:00:00Z");
        putVideo(table, "v2", "ann@example.com", "2026-01-02T10:00:00Z");
        putVideo(table, "v3", "bob@example.com", "2026-01-03T10:00:00Z");

        List<String> ids = aws.dynamoDb().query(q -> q.tableName(table).indexName("byOwner")
                        .keyConditionExpression("#owner = :owner")
                        .expressionAttributeNames(Map.of("#owner", "owner"))
                        .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS("ann@example.com")))
                        .scanIndexForward(false))
                .items().stream().map(item -> item.get("id").s()).toList();

        assertThat(ids).containsExactly("v2", "v1");
    }

    private void putVideo(String table, String id, String owner, String createdAt) {
        aws.dynamoDb().putItem(p -> p.tableName(table).item(Map.of(
                "id", AttributeValue.fromS(id),
                "owner", AttributeValue.fromS(owner),
                "createdAt", AttributeValue.fromS(createdAt))));
    }

    @Test
    void messageSentToEncodeRequestsIsReceivedOnce() {
        String queue = aws.property("pipeline.encode-queue-url");
        aws.sqs().sendMessage(m -> m.queueUrl(queue).messageBody("{\"type\":\"VideoUploaded\",\"videoId\":\"v1\"}"));

        assertThat(aws.receiveAll(queue)).containsExactly("{\"type\":\"VideoUploaded\",\"videoId\":\"v1\"}");
        assertThat(aws.receiveAll(queue)).isEmpty();
    }

    @Test
    void messageReceivedFiveTimesWithoutDeleteMovesToTheDlq() {
        String queue = aws.property("pipeline.encode-queue-url");
        aws.sqs().sendMessage(m -> m.queueUrl(queue).messageBody("poison"));

        for (int receive = 1; receive <= 5; receive++) {
            assertThat(receiveWithoutDelete(queue)).as("receive %d", receive).extracting(Message::body).containsExactly("poison");
        }

        assertThat(receiveWithoutDelete(queue)).isEmpty();
        assertThat(aws.receiveAll(aws.property("pipeline.encode-dlq-url"))).containsExactly("poison");
    }

    /** Visibility timeout 0: the message is visible again at once, as after a consumer's crash. */
    private List<Message> receiveWithoutDelete(String queue) {
        return aws.sqs().receiveMessage(r -> r.queueUrl(queue).visibilityTimeout(0).waitTimeSeconds(1)).messages();
    }

    @Test
    void sentEmailIsRecordedInTheSesStore() {
        aws.sesV2().sendEmail(e -> e.fromEmailAddress(aws.property("pipeline.mail-from"))
                .destination(d -> d.toAddresses("ann@example.com"))
                .content(c -> c.simple(s -> s.subject(t -> t.data("Your video is ready")).body(b -> b.text(t -> t.data("Watch it."))))));

        assertThat(aws.sentMail()).contains("ann@example.com", "Your video is ready", "Watch it.");
    }

    @Test
    void sesAccountCanSend() {
        assertThat(aws.sesV2().getAccount(a -> { }).sendingEnabled()).isTrue();
    }

    @Test
    void resetLeavesEverythingEmpty() {
        String media = aws.property("pipeline.media-bucket");
        aws.s3().putObject(b -> b.bucket(media).key("media/v1/poster.jpg"), RequestBody.fromString("jpeg"));
        aws.s3().createMultipartUpload(b -> b.bucket(uploads).key("uploads/v1/source"));
        List<String> queues = List.of("pipeline.encode-queue-url", "pipeline.encode-dlq-url",
                "pipeline.notify-queue-url", "pipeline.notify-dlq-url");
        queues.forEach(key -> aws.sqs().sendMessage(m -> m.queueUrl(aws.property(key)).messageBody(key)));
        String inFlight = aws.property("pipeline.notify-queue-url");
        aws.sqs().sendMessage(m -> m.queueUrl(inFlight).messageBody("being handled"));
        aws.sqs().receiveMessage(r -> r.queueUrl(inFlight).maxNumberOfMessages(1).visibilityTimeout(60));
        putVideo(aws.property("pipeline.videos-table"), "v1", "ann@example.com", Instant.now().toString());
        aws.dynamoDb().putItem(b -> b.tableName(aws.property("pipeline.owners-table"))
                .item(Map.of("owner", AttributeValue.fromS("ann@example.com"))));
        aws.sesV2().sendEmail(e -> e.fromEmailAddress(aws.property("pipeline.mail-from"))
                .destination(d -> d.toAddresses("ann@example.com"))
                .content(c -> c.simple(s -> s.subject(t -> t.data("Hello")).body(b -> b.text(t -> t.data("Hi"))))));

        aws.reset();

        assertThat(aws.s3().listObjectsV2(b -> b.bucket(media)).contents()).isEmpty();
        assertThat(aws.openMultipartUploads(uploads)).isEmpty();
        queues.forEach(key -> assertThat(aws.receiveAll(aws.property(key))).as(key).isEmpty());
        assertThat(aws.dynamoDb().scan(s -> s.tableName(aws.property("pipeline.videos-table"))).items()).isEmpty();
        assertThat(aws.dynamoDb().scan(s -> s.tableName(aws.property("pipeline.owners-table"))).items()).isEmpty();
        assertThat(aws.sentMail()).doesNotContain("ann@example.com");
    }
}
