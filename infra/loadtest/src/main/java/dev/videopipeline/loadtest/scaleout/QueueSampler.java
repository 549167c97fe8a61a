package dev.videopipeline.loadtest.scaleout;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The encode queue's depth, one sample per call: requests waiting (visible) and being encoded (in
 * flight), read from the local SQS emulator with the credentials and URLs of its state file.
 */
final class QueueSampler implements AutoCloseable {

    /** @param waiting visible requests; @param inFlight received and not yet deleted: being encoded */
    record Sample(Instant at, int waiting, int inFlight) {

        int depth() {
            return waiting + inFlight;
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final List<Sample> samples = new ArrayList<>();

    QueueSampler(Properties aws) {
        this.sqs = SqsClient.builder()
                .region(Region.of(aws.getProperty("aws.region")))
                .endpointOverride(URI.create(aws.getProperty("aws.services.sqs.endpoint-override")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        aws.getProperty("aws.credentials.access-key-id"),
                        aws.getProperty("aws.credentials.secret-access-key"))))
                .overrideConfiguration(configuration -> configuration.apiCallTimeout(Duration.ofSeconds(2)))
                .build();
        this.queueUrl = aws.getProperty("pipeline.encode-queue-url");
    }

    void sample() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        var sample = new Sample(Instant.now(),
                Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
        synchronized (samples) {
            samples.add(sample);
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        sqs.close();
    }
}
