package dev.videopipeline.infra.aws.edge;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.OriginSslPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeader;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.AaaaRecord;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.CloudFrontTarget;
import software.constructs.Construct;

/**
 * CloudFront in front of everything on the stage's domain: {@code media/*} from the media bucket
 * (origin access control, cached at the edge as long as the objects say: a key is never rewritten,
 * and the receiver invalidates a deleted video's), everything else
 * (the web page, the API) from the receiver's ALB over HTTPS, uncached, with the origin secret
 * ({@link OriginVerify}) the ALB requires. Viewers on HTTP are redirected to HTTPS here. The web ACL
 * ({@link WebAcl}, from us-east-1) screens every request, and a response headers policy on every
 * behaviour adds HSTS and the browser hardening headers. Route53 aliases the domain to the distribution.
 */
public class Edge extends Construct {

    /** The media bucket's keys, and so its URL paths, start with this (common.storage.ObjectKeys). */
    public static final String MEDIA_PATH = "media/*";
    /** Two years, HSTS preload's minimum being one. */
    static final Duration HSTS_MAX_AGE = Duration.seconds(63_072_000);
    /**
     * What viewers are told about media: only the viewer's own browser keeps a copy, for an hour at
     * most. CloudFront still caches by the objects' own {@code public, max-age=31536000, immutable};
     * a deleted video's media leave the edge by invalidation, and from shared caches beyond it they
     * were never allowed.
     */
    public static final String MEDIA_VIEWER_CACHE_CONTROL = "private, max-age=3600";

    private final OriginVerify originVerify;
    private final Distribution distribution;

    public Edge(Construct scope, String id, EdgeProps props) {
        super(scope, id);
        var config = props.config();
        var data = props.data();
        this.originVerify = new OriginVerify(this, "OriginVerify", config);
        var receiverOrigin = HttpOrigin.Builder.create(config.originDomain())
                .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                .originSslProtocols(List.of(OriginSslPolicy.TLS_V1_2))
                // The longest CloudFront waits for a first byte without a quota increase: a
                // multipart upload through /videos is answered once it is stored.
                .readTimeout(Duration.seconds(60))
                .customHeaders(Map.of(OriginVerify.HEADER, originVerify.headerValue()))
                .build();
        // The receiver sets its own Content-Security-Policy (receiver.web.SecurityHeaders: it names
        // the media, uploads and sign-in origins, and the Swagger UI has none), so these policies
        // set none and CloudFront passes the origin's through untouched.
        var pageHeaders = ResponseHeadersPolicy.Builder.create(this, "PageHeaders")
                .comment("video-pipeline " + config.stage() + ": HSTS and browser hardening; CSP from the receiver")
                .securityHeadersBehavior(securityHeaders())
                .build();
        var mediaHeaders = ResponseHeadersPolicy.Builder.create(this, "MediaHeaders")
                .comment("video-pipeline " + config.stage() + ": HSTS, hardening, media kept by the viewer only")
                .securityHeadersBehavior(securityHeaders())
                .customHeadersBehavior(ResponseCustomHeadersBehavior.builder()
                        .customHeaders(List.of(ResponseCustomHeader.builder()
                                .header("Cache-Control").value(MEDIA_VIEWER_CACHE_CONTROL).override(true).build()))
                        .build())
                .build();
        Map<String, BehaviorOptions> behaviours = new LinkedHashMap<>();
        behaviours.put(MEDIA_PATH, BehaviorOptions.builder()
                .origin(S3BucketOrigin.withOriginAccessControl(data.buckets().media()))
                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                .responseHeadersPolicy(mediaHeaders)
                .compress(true)
                .build());
        this.distribution = Distribution.Builder.create(this, "Distribution")
                .comment("video-pipeline " + config.stage())
                .domainNames(List.of(config.domain()))
                .certificate(props.certificate())
                .webAclId(props.webAclArn())
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
                        .responseHeadersPolicy(pageHeaders)
                        .build())
                .additionalBehaviors(behaviours)
                .build();

        ARecord.Builder.create(this, "Alias")
                .zone(props.zone()).recordName(config.domain())
                .target(RecordTarget.fromAlias(new CloudFrontTarget(distribution)))
                .build();
        AaaaRecord.Builder.create(this, "AliasIpv6")
                .zone(props.zone()).recordName(config.domain())
                .target(RecordTarget.fromAlias(new CloudFrontTarget(distribution)))
                .build();

        NagSuppressions.addResourceSuppressions(distribution, List.of(
                NagPackSuppression.builder().id("AwsSolutions-CFR1")
                        .reason("No geo restriction: the service is for anyone; add one in Edge if the content's rights require it.")
                        .build()));
    }

    /**
     * HSTS for two years on the domain and its subdomains, preload-ready (submitting the domain is
     * the operator's choice: docs/deploy.md), no sniffing, no framing, no referrer. The receiver sends
     * the last three too; the policy makes them hold for media and CloudFront's own answers.
     */
    private static ResponseSecurityHeadersBehavior securityHeaders() {
        return ResponseSecurityHeadersBehavior.builder()
                .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                        .accessControlMaxAge(HSTS_MAX_AGE).includeSubdomains(true).preload(true).override(true).build())
                .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
                .frameOptions(ResponseHeadersFrameOptions.builder().frameOption(HeadersFrameOption.DENY).override(true).build())
                .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                        .referrerPolicy(HeadersReferrerPolicy.NO_REFERRER).override(true).build())
                .build();
    }

    public OriginVerify originVerify() {
        return originVerify;
    }

    public Distribution distribution() {
        return distribution;
    }
}
