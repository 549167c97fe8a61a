package dev.videopipeline.receiver.health;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.receiver.intake.ReceiverStop;
import io.micronaut.context.annotation.Value;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Ready only while the receiver can reach what an upload needs (the uploads bucket, the videos and
 * owners tables, the encode queue) and is not stopping. The AWS checks are answered from the last
 * result for {@code pipeline.health.readiness-cache}: a flood of readiness calls costs one round
 * of describe calls per period, never one per call, so it cannot throttle them. Stopping shows at once.
 */
@Singleton
@Readiness
public class AwsReadinessIndicator extends AbstractHealthIndicator<Map<String, String>> {

    /**
     * Each check's whole call, the SDK's retries included: an unreachable service must show DOWN
     * within the load balancer's health check timeout, not after the SDK's backoff.
     */
    private static final AwsRequestOverrideConfiguration QUICK = AwsRequestOverrideConfiguration.builder()
            .apiCallTimeout(Duration.ofSeconds(1)).build();

    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final PipelineResources resources;
    private final ReceiverStop stop;
    private final Duration cacheFor;
    private final Clock clock;
    private Map<String, String> lastChecks;
    private Instant checkedAt = Instant.MIN;

    public AwsReadinessIndicator(S3Client s3, DynamoDbClient dynamoDb, SqsClient sqs, PipelineResources resources,
                                 ReceiverStop stop,
                                 @Value("${pipeline.health.readiness-cache:5s}") Duration cacheFor, Clock clock) {
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.resources = resources;
        this.stop = stop;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    @Override
    protected Map<String, String> getHealthInformation() {
        Map<String, String> checks = new LinkedHashMap<>();
        if (stop.stopping()) {
            checks.put("receiver", "DOWN: stopping");
        }
        checks.putAll(awsChecks());
        healthStatus = checks.values().stream().allMatch("UP"::equals) ? HealthStatus.UP : HealthStatus.DOWN;
        return checks;
    }

    @Override
    public String getName() {
        return "aws";
    }

    /**
     * One caller at a time checks (each check is cut at 1 s); the others, arriving meanwhile, wait
     * and take its result, which then counts from when it was known.
     */
    private synchronized Map<String, String> awsChecks() {
        if (lastChecks == null || !clock.instant().isBefore(checkedAt.plus(cacheFor))) {
            lastChecks = checkAws();
            checkedAt = clock.instant();
        }
        return lastChecks;
    }

    private Map<String, String> checkAws() {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("s3", check(() -> s3.headBucket(b -> b.bucket(resources.uploadsBucket())
                .overrideConfiguration(QUICK))));
        checks.put("dynamodb", check(() -> {
            dynamoDb.describeTable(b -> b.tableName(resources.videosTable())
                    .overrideConfiguration(QUICK));
            return dynamoDb.describeTable(b -> b.tableName(resources.ownersTable())
                    .overrideConfiguration(QUICK));
        }));
        checks.put("sqs", check(() -> sqs.getQueueAttributes(b -> b.queueUrl(resources.encodeQueueUrl())
                .overrideConfiguration(QUICK))));
        return Collections.unmodifiableMap(checks);
    }

    private static String check(Supplier<?> call) {
        try {
            call.get();
            return "UP";
        } catch (RuntimeException e) {
            return "DOWN: " + e.getClass().getSimpleName();
        }
    }
}
