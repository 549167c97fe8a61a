package dev.videopipeline.infra.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videopipeline.infra.aws.config.StageConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * Sign-in: the stage's Cognito user pool, its hosted pages and the web page's client, and that the
 * receiver checks tokens against exactly those (receiver/src/main/resources/application-aws.yml).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Synthesized app;

    @BeforeAll
    void synthesizeOnce() {
        app = Synthesized.both();
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void anyoneSignsUpWithAnEmailAddressThatIsVerifiedFirst(String stage) {
        Template template = app.pipeline(stage);
        template.resourceCountIs("AWS::Cognito::UserPool", 1);
        template.hasResourceProperties("AWS::Cognito::UserPool", Map.of(
                "AdminCreateUserConfig", Map.of("AllowAdminCreateUserOnly", false),
                "UsernameAttributes", List.of("email"),
                "UsernameConfiguration", Map.of("CaseSensitive", false),
                "AutoVerifiedAttributes", List.of("email"),
                "Schema", List.of(Map.of("Name", "email", "Required", true, "Mutable", true)),
                // A new address counts only once verified: until then tokens keep the old one.
                "UserAttributeUpdateSettings", Map.of("AttributesRequireVerificationBeforeUpdate", List.of("email")),
                "AccountRecoverySetting", Map.of("RecoveryMechanisms", List.of(Map.of("Name", "verified_email", "Priority", 1))),
                "Policies", Map.of("PasswordPolicy", Match.objectLike(Map.of(
                        "MinimumLength", 12, "RequireLowercase", true, "RequireUppercase", true,
                        "RequireNumbers", true, "RequireSymbols", true))),
                "UserPoolTier", "LITE"));
    }

    @Test
    void productionKeepsItsUsersWhenTheStackGoesAndStagingDoesNot() {
        app.pipeline("production").hasResource("AWS::Cognito::UserPool", Map.of(
                "DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain",
                "Properties", Match.objectLike(Map.of("DeletionProtection", "ACTIVE"))));
        app.pipeline("staging").hasResource("AWS::Cognito::UserPool", Map.of(
                "DeletionPolicy", "Delete",
                "Properties", Match.objectLike(Map.of("DeletionProtection", "INACTIVE"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void theWebPageIsAPublicClientSignedInByImplicitGrantBackToTheSite(String stage) {
        var identity = app.stage(stage).pipeline().identity();
        String site = "https://" + app.stage(stage).config().domain() + "/";
        Template template = app.pipeline(stage);
        template.resourceCountIs("AWS::Cognito::UserPoolClient", 1);
        template.hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of(
                "UserPoolId", Map.of("Ref", logicalId(identity.userPool())),
                "GenerateSecret", false,
                "AllowedOAuthFlowsUserPoolClient", true,
                "AllowedOAuthFlows", List.of("code"),
                "AllowedOAuthScopes", List.of("openid", "email"),
                "CallbackURLs", List.of(site),
                "LogoutURLs", List.of(site),
                "SupportedIdentityProviders", List.of("COGNITO"),
                "PreventUserExistenceErrors", "ENABLED"));
    }

    @Test
    void onlyStagingTakesAPasswordFromTheCliAndNeverWithoutIamCredentials() {
        assertThat(authFlows("staging")).containsExactlyInAnyOrder(
                "ALLOW_USER_SRP_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH");
        assertThat(authFlows("production")).containsExactlyInAnyOrder("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH");
    }

    private List<String> authFlows(String stage) {
        JsonNode clients = JSON.valueToTree(app.pipeline(stage).findResources("AWS::Cognito::UserPoolClient"));
        return JSON.convertValue(clients.elements().next().path("Properties").path("ExplicitAuthFlows"),
                JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void theHostedPagesAreOnACognitoDomainNamedAfterTheStagesDomain(String stage) {
        var identity = app.stage(stage).pipeline().identity();
        String expected = stage.equals("production") ? "video-example-com" : "staging-video-example-com";
        assertThat(app.stage(stage).config().auth().domainPrefix()).isEqualTo(expected);
        app.pipeline(stage).hasResourceProperties("AWS::Cognito::UserPoolDomain", Map.of(
                "Domain", expected, "UserPoolId", Map.of("Ref", logicalId(identity.userPool()))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void theReceiverChecksTokensAgainstThisPoolAndItsWebClient(String stage) {
        var pipeline = app.stage(stage).pipeline();
        String region = app.stage(stage).config().region();
        String pool = logicalId(pipeline.identity().userPool());
        String issuer = "https://cognito-idp." + region + ".amazonaws.com/";
        Map<String, JsonNode> env = environment(stage, logicalId(pipeline.services().receiver().task().taskDefinition()));

        assertThat(env.get("MICRONAUT_ENVIRONMENTS").asText()).isEqualTo("aws");
        assertThat(env.get("PIPELINE_AUTH_ISSUER")).isEqualTo(json(Map.of("Fn::Join", List.of("",
                List.of(issuer, Map.of("Ref", pool))))));
        assertThat(env.get("PIPELINE_AUTH_JWKS_URL")).isEqualTo(json(Map.of("Fn::Join", List.of("",
                List.of(issuer, Map.of("Ref", pool), "/.well-known/jwks.json")))));
        assertThat(env.get("PIPELINE_AUTH_CLIENT_ID")).isEqualTo(json(Map.of("Ref", logicalId(pipeline.identity().webClient()))));
        assertThat(env.get("PIPELINE_AUTH_SIGN_IN_URL")).isEqualTo(json(Map.of("Fn::Join", List.of("",
                List.of("https://", Map.of("Ref", logicalId(pipeline.identity().signInDomain())),
                        ".auth." + region + ".amazoncognito.com")))));
        // The workers take no calls: they know nothing of sign-in.
        for (var worker : List.of(pipeline.services().encoder().task(), pipeline.services().mailer().task())) {
            assertThat(environment(stage, logicalId(worker.taskDefinition()))).doesNotContainKeys(
                    "MICRONAUT_ENVIRONMENTS", "PIPELINE_AUTH_ISSUER", "PIPELINE_AUTH_CLIENT_ID");
        }
    }

    @Test
    void theDomainPrefixIsTheStagesDomainUnlessSetAndCognitosRulesAreCheckedAtSynth() {
        assertThat(StageConfig.load("staging", key -> key.equals("staging.auth.domain-prefix") ? "my-videos" : null)
                .auth().domainPrefix()).isEqualTo("my-videos");
        // Cognito refuses 'aws', 'amazon' and 'cognito' in a prefix: say so before a deploy fails.
        assertThatThrownBy(() -> StageConfig.load("staging", key -> key.equals("staging.domain") ? "amazonfans.example.com" : null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amazonfans-example-com").hasMessageContaining("set staging.auth.domain-prefix");
        assertThatThrownBy(() -> StageConfig.load("staging", key -> key.equals("staging.auth.domain-prefix") ? "My_Videos" : null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("My_Videos");
    }

    @Test
    void verificationMailsGoThroughTheStagesSesIdentityOnceItIsSwitchedOn() {
        app.pipeline("production").hasResourceProperties("AWS::Cognito::UserPool", Map.of(
                "EmailConfiguration", Map.of("EmailSendingAccount", "COGNITO_DEFAULT")));

        Synthesized withSes = Synthesized.both(Map.of("production.auth.email-via-ses", "true"));
        var config = withSes.stage("production").config();
        withSes.template(withSes.stage("production").pipeline()).hasResourceProperties("AWS::Cognito::UserPool", Map.of(
                "EmailConfiguration", Map.of(
                        "EmailSendingAccount", "DEVELOPER",
                        "From", config.mail().from(),
                        "SourceArn", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                                ":ses:" + config.region() + ":" + config.account() + ":identity/" + config.mail().domain()))))));
        assertThat(NagFindings.errors(withSes.assembly())).isEmpty();
    }

    /** The container's environment, each value as the template has it (text, Ref or Fn::Join). */
    private Map<String, JsonNode> environment(String stage, String taskDefinition) {
        JsonNode container = JSON.valueToTree(app.pipeline(stage).findResources("AWS::ECS::TaskDefinition"))
                .path(taskDefinition).path("Properties").path("ContainerDefinitions").get(0);
        var env = new TreeMap<String, JsonNode>();
        container.path("Environment").forEach(e -> env.put(e.path("Name").asText(), e.path("Value")));
        assertThat(env).as("environment of " + taskDefinition).isNotEmpty();
        return env;
    }

    private static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }

    private static String logicalId(IConstruct construct) {
        var element = (CfnElement) construct.getNode().getDefaultChild();
        return (String) Stack.of(construct).resolve(element.getLogicalId());
    }
}
