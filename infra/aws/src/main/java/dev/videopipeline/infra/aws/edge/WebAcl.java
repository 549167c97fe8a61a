package dev.videopipeline.infra.aws.edge;

import dev.videopipeline.infra.aws.config.StageConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.constructs.Construct;

/**
 * CloudFront's web ACL: AWS's managed rule groups for IP reputation, common exploits and known bad
 * inputs, and per-IP rate limits on the API's {@code /videos} paths, one on writes and a ten times
 * larger one on everything (429 past them). Scope CLOUDFRONT,
 * so it must be made in us-east-1 ({@code CertificateStack}); the distribution takes its ARN across
 * regions as it takes the certificate's.
 */
public class WebAcl extends Construct {

    /** What a viewer past the rate limit gets, in the API's problem shape. */
    static final String TOO_MANY_REQUESTS = "too-many-requests";
    /** The rate limit's window: WAF counts each IP's requests over the last 5 minutes. */
    static final int RATE_WINDOW_SECONDS = 300;

    private final CfnWebACL webAcl;

    public WebAcl(Construct scope, String id, StageConfig config) {
        super(scope, id);
        String metrics = "video-pipeline-" + config.stage();
        this.webAcl = CfnWebACL.Builder.create(this, "WebAcl")
                .scope("CLOUDFRONT")
                // WAF takes letters, digits, whitespace and +=:#@/-,. only.
                .description("video-pipeline " + config.stage() + ": CloudFront, AWS managed rules and the /videos rate limit")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .visibilityConfig(visibility(metrics))
                .customResponseBodies(Map.of(TOO_MANY_REQUESTS, CfnWebACL.CustomResponseBodyProperty.builder()
                        .contentType("APPLICATION_JSON")
                        .content("{\"status\":429,\"title\":\"Too many requests\",\"detail\":\"Too many requests to "
                                + "/videos from your address. Try again in a few minutes.\"}")
                        .build()))
                .rules(List.of(
                        managed(0, "AWSManagedRulesAmazonIpReputationList", metrics, List.of()),
                        videosWriteRateLimit(1, config.edge().videosRateLimit(), metrics),
                        videosReadRateLimit(2, 10 * config.edge().videosRateLimit(), metrics),
                        // SizeRestrictions_BODY blocks bodies over 8 KB; uploads are POST /videos with
                        // bodies of up to 5 GiB streamed through CloudFront, so it only counts. The
                        // receiver limits the size itself (and presigned PUTs go to S3, not through here).
                        managed(3, "AWSManagedRulesCommonRuleSet", metrics, List.of(
                                CfnWebACL.RuleActionOverrideProperty.builder()
                                        .name("SizeRestrictions_BODY")
                                        .actionToUse(CfnWebACL.RuleActionProperty.builder()
                                                .count(CfnWebACL.CountActionProperty.builder().build()).build())
                                        .build())),
                        managed(4, "AWSManagedRulesKnownBadInputsRuleSet", metrics, List.of())))
                .build();
    }

    private static CfnWebACL.RuleProperty managed(int priority, String name, String metrics,
                                                  List<CfnWebACL.RuleActionOverrideProperty> overrides) {
        var group = CfnWebACL.ManagedRuleGroupStatementProperty.builder().vendorName("AWS").name(name);
        if (!overrides.isEmpty()) {
            group.ruleActionOverrides(overrides);
        }
        return CfnWebACL.RuleProperty.builder()
                .name("AWS-" + name)
                .priority(priority)
                .statement(CfnWebACL.StatementProperty.builder().managedRuleGroupStatement(group.build()).build())
                .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
                .visibilityConfig(visibility(metrics + "-" + name))
                .build();
    }

    /**
     * Writes to the API ({@code POST}, {@code DELETE} under {@code /videos}: uploads, completes,
     * retries, deletes), per IP. The page's status polling (a GET per pending video every 2 s) is
     * not counted here, or one owner watching a few videos would lock themselves out.
     */
    private static CfnWebACL.RuleProperty videosWriteRateLimit(int priority, int limit, String metrics) {
        var writes = CfnWebACL.StatementProperty.builder()
                .andStatement(CfnWebACL.AndStatementProperty.builder().statements(List.of(videosPaths(),
                        CfnWebACL.StatementProperty.builder().orStatement(CfnWebACL.OrStatementProperty.builder()
                                .statements(List.of(method("POST"), method("DELETE"))).build()).build())).build())
                .build();
        return rateLimit("videos-rate-limit", priority, limit, writes, metrics);
    }

    /** Every request under {@code /videos}, per IP, at ten times the writes' limit: reads are cheap, not free. */
    private static CfnWebACL.RuleProperty videosReadRateLimit(int priority, int limit, String metrics) {
        return rateLimit("videos-read-rate-limit", priority, limit, videosPaths(), metrics);
    }

    /** The path is URL-decoded and normalized first, so {@code /%76ideos} or {@code //videos} count too. */
    private static CfnWebACL.StatementProperty videosPaths() {
        return CfnWebACL.StatementProperty.builder()
                .byteMatchStatement(CfnWebACL.ByteMatchStatementProperty.builder()
                        .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder().uriPath(Map.of()).build())
                        .positionalConstraint("STARTS_WITH")
                        .searchString("/videos")
                        .textTransformations(List.of(
                                CfnWebACL.TextTransformationProperty.builder().priority(0).type("URL_DECODE").build(),
                                CfnWebACL.TextTransformationProperty.builder().priority(1).type("NORMALIZE_PATH").build()))
                        .build())
                .build();
    }

    private static CfnWebACL.StatementProperty method(String method) {
        return CfnWebACL.StatementProperty.builder()
                .byteMatchStatement(CfnWebACL.ByteMatchStatementProperty.builder()
                        .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder().method(Map.of()).build())
                        .positionalConstraint("EXACTLY")
                        .searchString(method)
                        .textTransformations(List.of(
                                CfnWebACL.TextTransformationProperty.builder().priority(0).type("NONE").build()))
                        .build())
                .build();
    }

    private static CfnWebACL.RuleProperty rateLimit(String name, int priority, int limit,
                                                    CfnWebACL.StatementProperty scopeDown, String metrics) {
        return CfnWebACL.RuleProperty.builder()
                .name(name)
                .priority(priority)
                .statement(CfnWebACL.StatementProperty.builder()
                        .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                                .aggregateKeyType("IP")
                                .limit(limit)
                                .evaluationWindowSec(RATE_WINDOW_SECONDS)
                                .scopeDownStatement(scopeDown)
                                .build())
                        .build())
                .action(CfnWebACL.RuleActionProperty.builder()
                        .block(CfnWebACL.BlockActionProperty.builder()
                                .customResponse(CfnWebACL.CustomResponseProperty.builder()
                                        .responseCode(429)
                                        .customResponseBodyKey(TOO_MANY_REQUESTS)
                                        .build())
                                .build())
                        .build())
                .visibilityConfig(visibility(metrics + "-" + name))
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metricName) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true)
                .sampledRequestsEnabled(true)
                .metricName(metricName)
                .build();
    }

    /** What the distribution's {@code webAclId} takes for a WAFv2 web ACL. */
    public String arn() {
        return webAcl.getAttrArn();
    }

    public CfnWebACL webAcl() {
        return webAcl;
    }
}
