package dev.videopipeline.infra.aws.identity;

import dev.videopipeline.infra.aws.config.StageConfig;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.AutoVerifiedAttrs;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.KeepOriginalAttrs;
import software.amazon.awscdk.services.cognito.ManagedLoginVersion;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.StandardAttribute;
import software.amazon.awscdk.services.cognito.StandardAttributes;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientIdentityProvider;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.cognito.UserPoolEmail;
import software.amazon.awscdk.services.cognito.UserPoolSESOptions;
import software.amazon.awscdk.services.cognito.UserVerificationConfig;
import software.amazon.awscdk.services.cognito.VerificationEmailStyle;
import software.constructs.Construct;

/**
 * Who may upload: a Cognito user pool where anyone signs up with an email address (an account works
 * once the code mailed to it is entered, so the address is verified), its hosted sign-in pages on a
 * Cognito domain, and the web page's client. The web page sends people to those pages (OAuth 2
 * authorization code grant with PKCE, scopes {@code openid email}) and redeems the code it gets back
 * on the site's root URL for an ID token; the
 * receiver checks the token against the pool's keys, issuer and this client (receiver.auth), and its
 * verified {@code email} owns the videos.
 */
public class Identity extends Construct {

    private final UserPool userPool;
    private final UserPoolDomain signInDomain;
    private final UserPoolClient webClient;
    private final String issuer;

    public Identity(Construct scope, String id, StageConfig config) {
        super(scope, id);
        this.userPool = UserPool.Builder.create(this, "Users")
                .selfSignUpEnabled(true)
                // The address is the user name, whatever its case (the receiver lower-cases owners too).
                .signInAliases(SignInAliases.builder().email(true).build())
                .signInCaseSensitive(false)
                .standardAttributes(StandardAttributes.builder()
                        .email(StandardAttribute.builder().required(true).mutable(true).build())
                        .build())
                .autoVerify(AutoVerifiedAttrs.builder().email(true).build())
                // A changed address takes effect only once verified: until then tokens carry the old one.
                .keepOriginal(KeepOriginalAttrs.builder().email(true).build())
                .userVerification(UserVerificationConfig.builder()
                        .emailStyle(VerificationEmailStyle.CODE)
                        .emailSubject("Your " + config.domain() + " verification code")
                        .emailBody("Your verification code for " + config.domain() + " is {####}.")
                        .build())
                // 12 characters (OWASP ASVS); the character classes are what cdk-nag's COG1 asks for.
                .passwordPolicy(PasswordPolicy.builder()
                        .minLength(12)
                        .requireLowercase(true)
                        .requireUppercase(true)
                        .requireDigits(true)
                        .requireSymbols(true)
                        .tempPasswordValidity(Duration.days(3))
                        .build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                .mfa(Mfa.OFF)
                // Lite: password sign-in, the classic hosted pages and the code grant are all the
                // web page uses; 10,000 monthly active users free, then the cheapest per user.
                .featurePlan(FeaturePlan.LITE)
                .email(email(config))
                .deletionProtection(config.retainData())
                .removalPolicy(config.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();

        this.signInDomain = userPool.addDomain("SignInPages", UserPoolDomainOptions.builder()
                .cognitoDomain(CognitoDomainOptions.builder().domainPrefix(config.auth().domainPrefix()).build())
                .managedLoginVersion(ManagedLoginVersion.CLASSIC_HOSTED_UI)
                .build());

        // The web page signs in here and comes back to the site's root, the only redirect allowed.
        String site = config.publicBaseUrl() + "/";
        this.webClient = userPool.addClient("WebPage", UserPoolClientOptions.builder()
                .userPoolClientName("web-page")
                // A browser keeps no secret: a public client.
                .generateSecret(false)
                .oAuth(OAuthSettings.builder()
                        // The code grant with PKCE (the page sends a challenge): no token ever travels in a URL.
                        .flows(OAuthFlows.builder().authorizationCodeGrant(true).build())
                        .scopes(List.of(OAuthScope.OPENID, OAuthScope.EMAIL))
                        .callbackUrls(List.of(site))
                        .logoutUrls(List.of(site))
                        .build())
                .supportedIdentityProviders(List.of(UserPoolClientIdentityProvider.COGNITO))
                // SRP is the hosted pages' own password flow; the admin flow needs IAM credentials on
                // the pool (AdminInitiateAuth), so it opens nothing to browsers (docs/deploy.md).
                .authFlows(AuthFlow.builder()
                        .userSrp(true)
                        .adminUserPassword(config.auth().adminPasswordAuth())
                        .build())
                .preventUserExistenceErrors(true)
                .idTokenValidity(Duration.hours(1))
                .accessTokenValidity(Duration.hours(1))
                .build());

        // What the pool writes into every token's iss, and where its signing keys are.
        this.issuer = "https://cognito-idp." + Stack.of(this).getRegion() + ".amazonaws.com/" + userPool.getUserPoolId();

        // Named plainly, so the CLI can ask for them (docs/deploy.md).
        output("UserPoolId", userPool.getUserPoolId(), "The user pool (aws cognito-idp --user-pool-id)");
        output("WebClientId", webClient.getUserPoolClientId(), "The web page's app client (--client-id)");
        output("SignInUrl", signInUrl(), "The hosted sign-in pages");

        NagSuppressions.addResourceSuppressions(userPool, List.of(
                NagPackSuppression.builder().id("AwsSolutions-COG2")
                        .reason("MFA is not required: anyone may sign up to upload their own videos, and a second "
                                + "factor at sign-up would turn most of them away (SMS also costs per message). The "
                                + "pool guards a person's own uploads, not money or others' data; require TOTP here "
                                + "if that changes.")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-COG3")
                        .reason("Threat protection (formerly advanced security) needs the Plus feature plan: "
                                + "$0.02 per monthly active user with no free tier, $200/month at 10,000 users, "
                                + "against $0 on Lite; docs/deploy.md section 8 says when to add it.")
                        .build()));
    }

    private void output(String name, String value, String description) {
        CfnOutput.Builder.create(this, name).value(value).description(description).build().overrideLogicalId(name);
    }

    /**
     * Cognito's own sender by default (a low daily quota, no setup); the stage's SES identity once
     * it is verified, so verification codes come from the site's domain at SES's rates. The identity's
     * default configuration set applies to these mails too.
     */
    private static UserPoolEmail email(StageConfig config) {
        if (!config.auth().emailViaSes()) {
            return UserPoolEmail.withCognito();
        }
        return UserPoolEmail.withSES(UserPoolSESOptions.builder()
                .fromEmail(config.mail().from())
                .sesVerifiedDomain(config.mail().domain())
                .sesRegion(config.region())
                .build());
    }

    /** {@code https://cognito-idp.<region>.amazonaws.com/<user pool id>}: the tokens' issuer. */
    public String issuer() {
        return issuer;
    }

    /** The pool's public signing keys, which the receiver fetches to check a token's signature. */
    public String jwksUrl() {
        return issuer + "/.well-known/jwks.json";
    }

    /** The hosted sign-in pages' base URL, {@code https://<prefix>.auth.<region>.amazoncognito.com}. */
    public String signInUrl() {
        return signInDomain.baseUrl();
    }

    public UserPool userPool() {
        return userPool;
    }

    public UserPoolDomain signInDomain() {
        return signInDomain;
    }

    public UserPoolClient webClient() {
        return webClient;
    }
}
