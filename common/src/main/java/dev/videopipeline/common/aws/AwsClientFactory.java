package dev.videopipeline.common.aws;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;

/**
 * The AWS SDK clients, configured only by properties, so the same code talks to AWS, LocalStack or
 * the local emulators: {@code aws.region}, optional static {@code aws.credentials.*} (otherwise the
 * SDK's default chain: environment, ECS task role, ...) and optional
 * {@code aws.services.<service>.endpoint-override} (env {@code AWS_SERVICES_S3_ENDPOINT_OVERRIDE}, ...).
 */
@Factory
public class AwsClientFactory {

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final int maxConnections;
    private final AwsCallMetrics calls; // null where there is no registry (the tests of common)

    AwsClientFactory(@Value("${aws.region:us-east-1}") String region,
                     @Value("${aws.credentials.access-key-id:}") String accessKeyId,
                     @Value("${aws.credentials.secret-access-key:}") String secretAccessKey,
                     @Value("${aws.http.max-connections:64}") int maxConnections,
                     @Nullable MeterRegistry registry) {
        this.region = Region.of(region);
        this.credentials = accessKeyId.isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        this.maxConnections = maxConnections;
        this.calls = registry == null ? null : new AwsCallMetrics(registry);
    }

    @Singleton
    @Bean(preDestroy = "close")
    SdkHttpClient httpClient() {
        return ApacheHttpClient.builder().maxConnections(maxConnections).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    S3Client s3(SdkHttpClient http, @Value("${aws.services.s3.endpoint-override:}") String endpoint) {
        return configure(S3Client.builder(), endpoint).httpClient(http)
                .serviceConfiguration(s3Configuration(endpoint)).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    S3Presigner s3Presigner(@Value("${aws.services.s3.endpoint-override:}") String endpoint) {
        var builder = S3Presigner.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(s3Configuration(endpoint));
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    SqsClient sqs(SdkHttpClient http, @Value("${aws.services.sqs.endpoint-override:}") String endpoint) {
        return configure(SqsClient.builder(), endpoint).httpClient(http).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    DynamoDbClient dynamoDb(SdkHttpClient http, @Value("${aws.services.dynamodb.endpoint-override:}") String endpoint) {
        return configure(DynamoDbClient.builder(), endpoint).httpClient(http).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    SesV2Client sesV2(SdkHttpClient http, @Value("${aws.services.sesv2.endpoint-override:}") String endpoint) {
        return configure(SesV2Client.builder(), endpoint).httpClient(http).build();
    }

    /** Only where a CDN serves the media (AWS): CloudFront is global, its API in us-east-1's partition. */
    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "pipeline.media.distribution-id")
    CloudFrontClient cloudFront(SdkHttpClient http, @Value("${aws.services.cloudfront.endpoint-override:}") String endpoint) {
        var builder = configure(CloudFrontClient.builder(), endpoint).httpClient(http);
        return (endpoint.isBlank() ? builder.region(Region.AWS_GLOBAL) : builder).build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String endpoint) {
        builder.region(region).credentialsProvider(credentials);
        if (calls != null) {
            builder.overrideConfiguration(c -> c.addExecutionInterceptor(calls));
        }
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }

    /** Emulators and LocalStack serve buckets by path, not as virtual hosts. */
    private static S3Configuration s3Configuration(String endpoint) {
        return S3Configuration.builder().pathStyleAccessEnabled(!endpoint.isBlank()).build();
    }
}
