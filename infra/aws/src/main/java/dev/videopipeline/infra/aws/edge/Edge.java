package dev.videopipeline.infra.aws.edge;

import dev.videopipeline.infra.aws.config.StageConfig;
import dev.videopipeline.infra.aws.data.Data;
import dev.videopipeline.infra.aws.services.ReceiverService;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.OriginSslPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.AaaaRecord;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.CloudFrontTarget;
import software.constructs.Construct;

/**
 * CloudFront in front of everything on the stage's domain: {@code media/*} from the media bucket
 * (origin access control, cached a long time: media keys never change), everything else (the web
 * page, the API, health) from the receiver's ALB over HTTPS, uncached. Viewers on HTTP are
 * redirected to HTTPS here. Route53 aliases the domain to the distribution.
 */
public class Edge extends Construct {

    /** The media bucket's keys, and so its URL paths, start with this (common.storage.ObjectKeys). */
    public static final String MEDIA_PATH = "media/*";

    private final Distribution distribution;

    public Edge(Construct scope, String id, StageConfig config, IHostedZone zone, ICertificate certificate,
                ReceiverService receiver, Data data) {
        super(scope, id);
        var receiverOrigin = HttpOrigin.Builder.create(config.originDomain())
                .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                .originSslProtocols(List.of(OriginSslPolicy.TLS_V1_2))
                // The longest CloudFront waits for a first byte without a quota increase: a
                // multipart upload through /videos is answered once it is stored.
                .readTimeout(Duration.seconds(60))
                .build();
        Map<String, BehaviorOptions> behaviours = new LinkedHashMap<>();
        behaviours.put(MEDIA_PATH, BehaviorOptions.builder()
                .origin(S3BucketOrigin.withOriginAccessControl(data.buckets().media()))
                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                .compress(true)
                .build());
        this.distribution = Distribution.Builder.create(this, "Distribution")
                .comment("video-pipeline " + config.stage())
                .domainNames(List.of(config.domain()))
                .certificate(certificate)
                .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021)
                .httpVersion(HttpVersion.HTTP2_AND_3)
                // North America and Europe only: the cheapest class; widen it for viewers elsewhere.
                .priceClass(PriceClass.PRICE_CLASS_100)
                .enableLogging(true)
                .logBucket(data.buckets().logs())
                .logFilePrefix("cloudfront/")
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(receiverOrigin)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .allowedMethods(AllowedMethods.ALLOW_ALL)
                        .cachePolicy(CachePolicy.CACHING_DISABLED)
                        // Not the Host header: the ALB's certificate names origin.<domain>.
                        .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                        .build())
                .additionalBehaviors(behaviours)
                .build();

        ARecord.Builder.create(this, "Alias")
                .zone(zone).recordName(config.domain())
                .target(RecordTarget.fromAlias(new CloudFrontTarget(distribution)))
                .build();
        AaaaRecord.Builder.create(this, "AliasIpv6")
                .zone(zone).recordName(config.domain())
                .target(RecordTarget.fromAlias(new CloudFrontTarget(distribution)))
                .build();

        NagSuppressions.addResourceSuppressions(distribution, List.of(
                NagPackSuppression.builder().id("AwsSolutions-CFR1")
                        .reason("No geo restriction: the service is for anyone; add one in Edge if the content's rights require it.")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-CFR2")
                        .reason("No WAF web ACL yet (about $5/month plus $1 per rule and $0.60 per million requests): "
                                + "attach one (with a rate rule; the user pool can take one too) before the site takes "
                                + "public traffic; docs/deploy.md section 8.")
                        .build()));
    }

    public Distribution distribution() {
        return distribution;
    }
}
