package dev.videopipeline.receiver.catalog;

import dev.videopipeline.receiver.problem.ApiProblem;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.Invalidation;
import software.amazon.awssdk.services.cloudfront.model.TooManyInvalidationsInProgressException;

/**
 * Where a CDN serves the media ({@code pipeline.media.distribution-id}, set in AWS): a deleted
 * video's files leave its edge caches at once, instead of being served for as long as they were
 * cached. Viewers' own browsers may keep a copy for the hour the edge lets them (infra/aws Edge).
 * The caller reference is the video's, so a retried delete asks for the same invalidation again,
 * which CloudFront answers with the first one instead of a second charge.
 */
@Singleton
@Requires(property = "pipeline.media.distribution-id")
public class EdgeInvalidation {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeInvalidation.class);

    private final CloudFrontClient cloudFront;
    private final String distributionId;

    public EdgeInvalidation(CloudFrontClient cloudFront,
                            @Value("${pipeline.media.distribution-id}") String distributionId) {
        this.cloudFront = cloudFront;
        this.distributionId = distributionId;
    }

    /**
     * @throws ApiProblem 503 with {@code Retry-After} while CloudFront has as many wildcard
     *                    invalidations in progress as it takes (15): the delete is to be retried
     */
    public void invalidate(String videoId) {
        String path = "/media/" + videoId + "/*";
        Invalidation invalidation;
        try {
            invalidation = cloudFront.createInvalidation(b -> b.distributionId(distributionId)
                    .invalidationBatch(batch -> batch.callerReference("delete-" + videoId)
                            .paths(paths -> paths.quantity(1).items(path)))).invalidation();
        } catch (TooManyInvalidationsInProgressException busy) {
            LOG.atWarn().setMessage("media invalidation refused: too many in progress").addKeyValue("videoId", videoId).log();
            throw ApiProblem.cdnBusy();
        }
        LOG.atInfo().setMessage("media invalidated at the edge").addKeyValue("videoId", videoId)
                .addKeyValue("invalidationId", invalidation.id()).log();
    }
}
