package dev.videopipeline.infra.aws.data;

import dev.videopipeline.infra.aws.config.StageConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * The three buckets. All private (every public access blocked), encrypted at rest (SSE-S3) and
 * TLS-only (a bucket policy denies plain HTTP).
 * <ul>
 *   <li>uploads: the sources, written by the receiver (or a browser through a presigned URL), read
 *       by the encoder; sources go to Glacier after 30 days (they are only needed again to
 *       re-encode), multipart uploads left open are aborted after a day, and a chunked encode's
 *       parts (tagged {@code pipeline-object=chunk-part}) that a crash left behind expire after
 *       3 days: a part still needed then (a video waiting that long to be joined) is gone, its
 *       join fails on each attempt, and the video fails once its attempts are used up.</li>
 *   <li>media: renditions, HLS and posters, read by viewers only through CloudFront (origin access
 *       control: the bucket policy names the distribution).</li>
 *   <li>logs: access logs of the other two, of the ALB and of CloudFront.</li>
 * </ul>
 */
public class PipelineBuckets extends Construct {

    /** The tag the encoder puts on a chunk part: {@code common.storage.ObjectKeys.CHUNK_PART_TAG}. */
    private static final Map<String, String> CHUNK_PART_TAG = Map.of("pipeline-object", "chunk-part");
    private static final int CHUNK_PART_DAYS = 3;

    private final Bucket uploads;
    private final Bucket media;
    private final Bucket logs;

    public PipelineBuckets(Construct scope, String id, StageConfig config) {
        super(scope, id);
        RemovalPolicy removal = config.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
        this.logs = Bucket.Builder.create(this, "Logs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                // ALB access logs only accept SSE-S3; CloudFront's standard logs need ACLs enabled.
                .encryption(BucketEncryption.S3_MANAGED)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .enforceSsl(true)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-logs").expiration(Duration.days(90)).build()))
                .removalPolicy(removal)
                .build();
        this.uploads = Bucket.Builder.create(this, "Uploads")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .serverAccessLogsBucket(logs)
                .serverAccessLogsPrefix("s3/uploads/")
                .lifecycleRules(List.of(
                        LifecycleRule.builder().id("sources-to-glacier").prefix("uploads/")
                                .transitions(List.of(Transition.builder().storageClass(StorageClass.GLACIER)
                                        .transitionAfter(Duration.days(30)).build()))
                                .build(),
                        LifecycleRule.builder().id("abort-incomplete-multipart-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                                .build(),
                        LifecycleRule.builder().id("expire-chunk-parts")
                                .tagFilters(CHUNK_PART_TAG)
                                .expiration(Duration.days(CHUNK_PART_DAYS))
                                .build()))
                // Browsers PUT sources straight to S3 with the receiver's presigned URLs (direct
                // upload); they need the part's ETag back to complete a multipart upload.
                .cors(List.of(CorsRule.builder()
                        .allowedOrigins(List.of("https://" + config.domain()))
                        .allowedMethods(List.of(HttpMethods.PUT))
                        .allowedHeaders(List.of("*"))
                        .exposedHeaders(List.of("ETag"))
                        .maxAge(3000)
                        .build()))
                .removalPolicy(removal)
                .build();
        this.media = Bucket.Builder.create(this, "Media")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .serverAccessLogsBucket(logs)
                .serverAccessLogsPrefix("s3/media/")
                .removalPolicy(removal)
                .build();
    }

    public Bucket uploads() {
        return uploads;
    }

    public Bucket media() {
        return media;
    }

    public Bucket logs() {
        return logs;
    }
}
