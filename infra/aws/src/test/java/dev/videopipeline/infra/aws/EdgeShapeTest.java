package dev.videopipeline.infra.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videopipeline.infra.aws.config.StageConfig;
import dev.videopipeline.infra.aws.edge.Edge;
import dev.videopipeline.infra.aws.edge.OriginVerify;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * What the public reaches, and how (docs/deploy.md section 8): CloudFront with its web ACL and
 * response headers; the ALB only with the origin secret, which the templates name but never hold;
 * the receiver's management port in no target group, listener or security group rule; and a deleted
 * video's media revocable at the edge.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESOLVE = "{{resolve:secretsmanager:";

    private Synthesized app;

    @BeforeAll
    void synthesizeOnce() {
        app = Synthesized.both();
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void theManagementPortIsInNoTargetGroupNorListenerAndTheAlbReachesThePublicPortOnly(String stage) {
        var receiver = app.stage(stage).pipeline().services().receiver();
        JsonNode groups = app.resources(stage, "AWS::ElasticLoadBalancingV2::TargetGroup");
        assertThat(groups.size()).isEqualTo(1);
        JsonNode group = groups.elements().next().path("Properties");
        assertThat(group.path("Port").asInt()).isEqualTo(8080);
        assertThat(group.path("HealthCheckPath").asText()).isEqualTo("/livez");
        assertThat(group.path("HealthCheckPort").asText("traffic-port")).isEqualTo("traffic-port");
        for (String type : List.of("AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::ElasticLoadBalancingV2::Listener")) {
            app.resources(stage, type).forEach(r -> {
                assertThat(r.path("Properties").path("Port").asInt()).as(type).isNotEqualTo(8081);
                assertThat(r.path("Properties").path("HealthCheckPort").asText()).as(type).isNotEqualTo("8081");
            });
        }

        // Into the tasks: only from the ALB's group, only 8080; out of the ALB: only to 8080.
        String tasks = logicalId(receiver.task().securityGroup());
        String alb = logicalId(receiver.loadBalancer().getConnections().getSecurityGroups().get(0));
        assertThat(app.resources(stage, "AWS::EC2::SecurityGroup").path(tasks).path("Properties").has("SecurityGroupIngress"))
                .isFalse();
        List<JsonNode> ingress = rulesOf(stage, "AWS::EC2::SecurityGroupIngress", tasks);
        assertThat(ingress).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.path("SourceSecurityGroupId").path("Fn::GetAtt").path(0).asText()).isEqualTo(alb);
            assertThat(rule.path("FromPort").asInt()).isEqualTo(8080);
            assertThat(rule.path("ToPort").asInt()).isEqualTo(8080);
        });
        assertThat(rulesOf(stage, "AWS::EC2::SecurityGroupEgress", alb)).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.path("FromPort").asInt()).isEqualTo(8080);
            assertThat(rule.path("ToPort").asInt()).isEqualTo(8080);
        });

        JsonNode container = container(stage, receiver.task().taskDefinition());
        assertThat(environment(container)).containsEntry("RECEIVER_MANAGEMENT_PORT", "8081")
                .containsEntry("RECEIVER_PORT", "8080");
        assertThat(container.path("PortMappings").size()).isEqualTo(1);
        assertThat(container.path("PortMappings").get(0).path("ContainerPort").asInt()).isEqualTo(8080);
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void theWebAclInUsEast1HasTheManagedRulesAndTheVideosRateLimitAndGuardsTheDistribution(String stage) {
        var certificates = app.stage(stage).certificates();
        assertThat(certificates.getRegion()).isEqualTo("us-east-1");
        JsonNode acls = JSON.valueToTree(app.template(certificates).findResources("AWS::WAFv2::WebACL"));
        assertThat(acls.size()).isEqualTo(1);
        JsonNode acl = acls.elements().next().path("Properties");
        assertThat(acl.path("Scope").asText()).isEqualTo("CLOUDFRONT");
        assertThat(acl.path("DefaultAction").has("Allow")).isTrue();

        List<String> managed = new ArrayList<>();
        acl.path("Rules").forEach(rule -> {
            JsonNode group = rule.path("Statement").path("ManagedRuleGroupStatement");
            if (!group.isMissingNode()) {
                managed.add(group.path("Name").asText());
                assertThat(rule.path("OverrideAction").has("None")).isTrue();
            }
        });
        assertThat(managed).containsExactlyInAnyOrder("AWSManagedRulesCommonRuleSet",
                "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList");
        // Uploads (POST /videos, GiB bodies) pass the common set's 8 KB body limit: it only counts.
        JsonNode common = rule(acl, "AWS-AWSManagedRulesCommonRuleSet").path("Statement").path("ManagedRuleGroupStatement");
        assertThat(common.path("RuleActionOverrides").size()).isEqualTo(1);
        assertThat(common.path("RuleActionOverrides").get(0).path("Name").asText()).isEqualTo("SizeRestrictions_BODY");
        assertThat(common.path("RuleActionOverrides").get(0).path("ActionToUse").has("Count")).isTrue();

        JsonNode rate = rule(acl, "videos-rate-limit");
        JsonNode statement = rate.path("Statement").path("RateBasedStatement");
        assertThat(statement.path("Limit").asInt()).isEqualTo(app.stage(stage).config().edge().videosRateLimit())
                .isEqualTo(300);
        assertThat(statement.path("EvaluationWindowSec").asInt()).isEqualTo(300);
        assertThat(statement.path("AggregateKeyType").asText()).isEqualTo("IP");
        // Writes only (POST, DELETE): the page's status polling is not counted against its owner.
        JsonNode writes = statement.path("ScopeDownStatement").path("AndStatement").path("Statements");
        JsonNode paths = writes.get(0).path("ByteMatchStatement");
        assertThat(paths.path("FieldToMatch").has("UriPath")).isTrue();
        assertThat(paths.path("PositionalConstraint").asText()).isEqualTo("STARTS_WITH");
        assertThat(paths.path("SearchString").asText()).isEqualTo("/videos");
        assertThat(writes.get(1).path("OrStatement").path("Statements").findValuesAsText("SearchString"))
                .containsExactly("POST", "DELETE");
        JsonNode reads = rule(acl, "videos-read-rate-limit").path("Statement").path("RateBasedStatement");
        assertThat(reads.path("Limit").asInt()).isEqualTo(3000);
        assertThat(reads.path("ScopeDownStatement").path("ByteMatchStatement").path("SearchString").asText())
                .isEqualTo("/videos");
        JsonNode block = rate.path("Action").path("Block").path("CustomResponse");
        assertThat(block.path("ResponseCode").asInt()).isEqualTo(429);
        assertThat(acl.path("CustomResponseBodies").path(block.path("CustomResponseBodyKey").asText())
                .path("ContentType").asText()).isEqualTo("APPLICATION_JSON");

        // The distribution takes the web ACL's ARN across regions, and cdk-nag's WAF rule needs no suppression.
        JsonNode distribution = distribution(stage);
        String aclId = logicalId(certificates.webAcl().webAcl());
        assertThat(distribution.path("Properties").path("DistributionConfig").path("WebACLId").toString())
                .contains("ExportsReader").contains(aclId).contains("Arn");
        assertThat(distribution.path("Metadata").toString()).doesNotContain("AwsSolutions-CFR2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void theAlbForwardsOnlyRequestsCarryingTheOriginSecretWhichTheTemplatesNeverHold(String stage) {
        var pipeline = app.stage(stage).pipeline();
        var receiver = pipeline.services().receiver();
        String secret = logicalId(pipeline.edge().originVerify().secret());

        JsonNode listeners = app.resources(stage, "AWS::ElasticLoadBalancingV2::Listener");
        assertThat(listeners.size()).isEqualTo(1);
        JsonNode defaults = listeners.elements().next().path("Properties").path("DefaultActions");
        assertThat(defaults.size()).isEqualTo(1);
        assertThat(defaults.get(0).path("Type").asText()).isEqualTo("fixed-response");
        assertThat(defaults.get(0).path("FixedResponseConfig").path("StatusCode").asText()).isEqualTo("403");

        JsonNode rules = app.resources(stage, "AWS::ElasticLoadBalancingV2::ListenerRule");
        assertThat(rules.size()).isEqualTo(1);
        JsonNode rule = rules.elements().next().path("Properties");
        assertThat(rule.path("Actions").size()).isEqualTo(1);
        assertThat(rule.path("Actions").get(0).path("Type").asText()).isEqualTo("forward");
        assertThat(rule.path("Actions").get(0).path("TargetGroupArn").path("Ref").asText())
                .isEqualTo(logicalId(receiver.targetGroup()));
        assertThat(rule.path("Conditions").size()).isEqualTo(1);
        JsonNode condition = rule.path("Conditions").get(0);
        assertThat(condition.path("Field").asText()).isEqualTo("http-header");
        assertThat(condition.path("HttpHeaderConfig").path("HttpHeaderName").asText()).isEqualTo(OriginVerify.HEADER);
        JsonNode accepted = condition.path("HttpHeaderConfig").path("Values");
        assertThat(accepted.size()).isEqualTo(1);
        assertIsAReferenceTo(secret, accepted.get(0), ":SecretString:::}}");

        // CloudFront sends the same reference to the ALB origin, and to no other.
        JsonNode origins = distribution(stage).path("Properties").path("DistributionConfig").path("Origins");
        List<JsonNode> withHeader = new ArrayList<>();
        origins.forEach(origin -> origin.path("OriginCustomHeaders").forEach(header -> {
            assertThat(origin.path("DomainName").asText()).isEqualTo(app.stage(stage).config().originDomain());
            withHeader.add(header);
        }));
        assertThat(withHeader).singleElement().satisfies(header -> {
            assertThat(header.path("HeaderName").asText()).isEqualTo(OriginVerify.HEADER);
            assertThat(header.path("HeaderValue")).isEqualTo(accepted.get(0));
        });

        // Secrets Manager makes the value at deploy: no literal anywhere in the template.
        JsonNode secretResource = app.resources(stage, "AWS::SecretsManager::Secret").path(secret).path("Properties");
        assertThat(secretResource.has("GenerateSecretString")).isTrue();
        assertThat(secretResource.has("SecretString")).isFalse();
        String template = JSON.valueToTree(app.pipeline(stage).toJSON()).toString();
        assertThat(template.split(Pattern.quote(RESOLVE), -1))
                .as("dynamic references in the template: the rule's value and the header's").hasSize(3);
        // The rule is in place (and accepts a new value) before CloudFront sends it.
        assertThat(distribution(stage).path("DependsOn").toString()).contains("\"" + rules.fieldNames().next() + "\"");
    }

    @Test
    void duringARotationTheAlbAcceptsTheNewAndThePreviousVersionAndCloudFrontSendsTheNew() {
        String next = "a1b2c3d4-1111-2222-3333-444455556666";
        String previous = "f0e0d0c0-7777-8888-9999-000011112222";
        Synthesized rotating = Synthesized.both(Map.of(
                "production.edge.origin-secret-version", next,
                "production.edge.origin-secret-previous-version", previous));
        var pipeline = rotating.stage("production").pipeline();
        Template template = rotating.template(pipeline);
        String secret = logicalId(pipeline.edge().originVerify().secret());

        JsonNode rule = JSON.valueToTree(template.findResources("AWS::ElasticLoadBalancingV2::ListenerRule"))
                .elements().next().path("Properties");
        JsonNode accepted = rule.path("Conditions").get(0).path("HttpHeaderConfig").path("Values");
        assertThat(accepted.size()).isEqualTo(2);
        assertIsAReferenceTo(secret, accepted.get(0), ":SecretString:::" + next + "}}");
        assertIsAReferenceTo(secret, accepted.get(1), ":SecretString:::" + previous + "}}");
        JsonNode distribution = JSON.valueToTree(template.findResources("AWS::CloudFront::Distribution")).elements().next();
        JsonNode header = distribution.path("Properties").path("DistributionConfig").path("Origins").findValue("OriginCustomHeaders");
        assertThat(header.get(0).path("HeaderValue")).isEqualTo(accepted.get(0));
        assertThat(NagFindings.errors(rotating.assembly())).isEmpty();

        // A previous version alone would leave CloudFront's reference unchanged: refused at synth.
        assertThatThrownBy(() -> StageConfig.load("production",
                key -> key.equals("production.edge.origin-secret-previous-version") ? previous : null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("edge.origin-secret-version");
        assertThatThrownBy(() -> StageConfig.load("production",
                key -> key.equals("production.edge.origin-secret-version") ? "not a version" : null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void everyBehaviourSendsHstsAndTheHardeningHeadersAndLeavesTheCspToTheReceiver(String stage) {
        JsonNode config = distribution(stage).path("Properties").path("DistributionConfig");
        JsonNode policies = app.resources(stage, "AWS::CloudFront::ResponseHeadersPolicy");
        List<JsonNode> behaviours = new ArrayList<>(List.of(config.path("DefaultCacheBehavior")));
        config.path("CacheBehaviors").forEach(behaviours::add);
        assertThat(behaviours).hasSize(2).allSatisfy(behaviour -> {
            JsonNode policy = policies.path(behaviour.path("ResponseHeadersPolicyId").path("Ref").asText())
                    .path("Properties").path("ResponseHeadersPolicyConfig");
            JsonNode security = policy.path("SecurityHeadersConfig");
            JsonNode hsts = security.path("StrictTransportSecurity");
            assertThat(hsts.path("AccessControlMaxAgeSec").asLong()).isEqualTo(63_072_000L);
            assertThat(List.of(hsts.path("IncludeSubdomains").asBoolean(), hsts.path("Preload").asBoolean(),
                    hsts.path("Override").asBoolean())).containsOnly(true);
            assertThat(security.path("ContentTypeOptions").path("Override").asBoolean()).isTrue();
            assertThat(security.path("FrameOptions").path("FrameOption").asText()).isEqualTo("DENY");
            assertThat(security.path("ReferrerPolicy").path("ReferrerPolicy").asText()).isEqualTo("no-referrer");
            // receiver.web.SecurityHeaders writes the page's and the API's policy; CloudFront passes it on.
            assertThat(security.has("ContentSecurityPolicy")).isFalse();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void mediaStayInTheEdgeCacheButViewersKeepThemPrivateForAnHourAndTheReceiverCanInvalidateThem(String stage) {
        var pipeline = app.stage(stage).pipeline();
        JsonNode config = distribution(stage).path("Properties").path("DistributionConfig");
        JsonNode media = config.path("CacheBehaviors").get(0);
        assertThat(media.path("PathPattern").asText()).isEqualTo(Edge.MEDIA_PATH);
        // Managed CachingOptimized: the edge keeps honouring the objects' own year-long max-age.
        assertThat(media.path("CachePolicyId").asText()).isEqualTo("658327ea-f89d-4fab-a63d-7e88639e58f6");
        JsonNode headers = app.resources(stage, "AWS::CloudFront::ResponseHeadersPolicy")
                .path(media.path("ResponseHeadersPolicyId").path("Ref").asText())
                .path("Properties").path("ResponseHeadersPolicyConfig").path("CustomHeadersConfig").path("Items");
        assertThat(headers.size()).isEqualTo(1);
        assertThat(headers.get(0).path("Header").asText()).isEqualTo("Cache-Control");
        assertThat(headers.get(0).path("Value").asText()).isEqualTo("private, max-age=3600");
        assertThat(headers.get(0).path("Override").asBoolean()).isTrue();

        String distribution = logicalId(pipeline.edge().distribution());
        var receiver = pipeline.services().receiver();
        JsonNode env = container(stage, receiver.task().taskDefinition()).path("Environment");
        assertThat(env.toString()).contains(
                "{\"Name\":\"PIPELINE_MEDIA_DISTRIBUTION_ID\",\"Value\":{\"Ref\":\"" + distribution + "\"}}");
        List<JsonNode> invalidations = new ArrayList<>();
        app.resources(stage, "AWS::IAM::Policy").forEach(policy -> policy.path("Properties").path("PolicyDocument")
                .path("Statement").forEach(s -> {
                    if (s.path("Action").toString().contains("cloudfront:")) {
                        assertThat(policy.path("Properties").path("Roles").toString())
                                .contains(logicalId(receiver.task().taskRole()));
                        invalidations.add(s);
                    }
                }));
        assertThat(invalidations).singleElement().satisfies(s -> {
            assertThat(s.path("Action").asText()).isEqualTo("cloudfront:CreateInvalidation");
            // arn:<partition>:cloudfront::<account>:distribution/<this distribution's id>
            JsonNode arn = s.path("Resource").path("Fn::Join").path(1);
            assertThat(arn.toString()).contains(":cloudfront::" + app.stage(stage).config().account() + ":distribution/");
            assertThat(arn.get(arn.size() - 1).path("Ref").asText()).isEqualTo(distribution);
        });
    }

    /** {@code {{resolve:secretsmanager:<the secret's ARN><tail>}}}, as Fn::Join renders it. */
    private static void assertIsAReferenceTo(String secret, JsonNode value, String tail) {
        JsonNode parts = value.path("Fn::Join").path(1);
        assertThat(parts.size()).as(value.toString()).isEqualTo(3);
        assertThat(parts.get(0).asText()).isEqualTo(RESOLVE);
        assertThat(parts.get(1).path("Ref").asText()).isEqualTo(secret);
        assertThat(parts.get(2).asText()).isEqualTo(tail);
    }

    private static JsonNode rule(JsonNode acl, String name) {
        for (JsonNode rule : acl.path("Rules")) {
            if (rule.path("Name").asText().equals(name)) {
                return rule;
            }
        }
        throw new AssertionError("no rule " + name + " in the web ACL");
    }

    private JsonNode distribution(String stage) {
        return app.resources(stage, "AWS::CloudFront::Distribution").path(logicalId(app.stage(stage).pipeline().edge().distribution()));
    }

    /** Standalone ingress or egress rules of one security group. */
    private List<JsonNode> rulesOf(String stage, String type, String group) {
        List<JsonNode> rules = new ArrayList<>();
        app.resources(stage, type).forEach(r -> {
            if (group.equals(r.path("Properties").path("GroupId").path("Fn::GetAtt").path(0).asText())) {
                rules.add(r.path("Properties"));
            }
        });
        return rules;
    }

    private JsonNode container(String stage, IConstruct taskDefinition) {
        return app.resources(stage, "AWS::ECS::TaskDefinition").path(logicalId(taskDefinition))
                .path("Properties").path("ContainerDefinitions").get(0);
    }

    private static Map<String, String> environment(JsonNode container) {
        var env = new TreeMap<String, String>();
        container.path("Environment").forEach(e -> env.put(e.path("Name").asText(), e.path("Value").asText()));
        return env;
    }

    private static String logicalId(IConstruct construct) {
        var element = construct instanceof CfnElement cfn ? cfn : (CfnElement) construct.getNode().getDefaultChild();
        return (String) Stack.of(construct).resolve(element.getLogicalId());
    }
}
