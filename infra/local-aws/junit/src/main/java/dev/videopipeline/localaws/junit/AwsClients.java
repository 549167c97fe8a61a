package dev.videopipeline.localaws.junit;

import java.net.URI;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients configured from the state file's keys, as a service would configure its own. */
final class AwsClients {

    private final Map<String, String> properties;

    AwsClients(Map<String, String> properties) {
        this.properties = properties;
    }

    S3Client s3() {
        return configure(S3Client.builder().forcePathStyle(true), "s3");
    }

    SqsClient sqs() {
        return configure(SqsClient.builder(), "sqs");
    }

    DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), "dynamodb");
    }

    SesV2Client sesV2() {
        return configure(SesV2Client.builder(), "sesv2");
    }

    private <B extends AwsClientBuilder<B, C>, C> C configure(B builder, String service) {
        return builder.region(Region.of(properties.get("aws.region")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        properties.get("aws.credentials.access-key-id"),
                        properties.get("aws.credentials.secret-access-key"))))
                .endpointOverride(URI.create(properties.get("aws.services." + service + ".endpoint-override")))
                .build();
    }
}
