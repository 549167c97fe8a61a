package dev.videopipeline.infra.aws.edge;

import dev.videopipeline.infra.aws.config.StageConfig;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.SecretsManagerSecretOptions;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The secret that ties the ALB to this distribution: CloudFront's origin-facing prefix list is
 * shared by every distribution, so the ALB's security group alone would admit anyone's. CloudFront
 * sends the secret in {@link #HEADER} to the ALB, whose listener forwards only requests carrying it.
 *
 * <p>Secrets Manager generates the value at deploy; the templates hold only
 * {@code {{resolve:secretsmanager:...}}} references, which CloudFormation resolves into the
 * distribution and the listener rule. It reads them again only when it updates those resources, so a
 * rotation names the versions, which changes the references ({@code edge.origin-secret-version}, and
 * {@code edge.origin-secret-previous-version} while CloudFront switches): docs/deploy.md.
 */
public class OriginVerify extends Construct {

    /** The origin custom header CloudFront adds to every request it sends the ALB. */
    public static final String HEADER = "X-Origin-Verify";

    private final Secret secret;
    private final StageConfig.EdgeSettings versions;

    public OriginVerify(Construct scope, String id, StageConfig config) {
        super(scope, id);
        this.versions = config.edge();
        this.secret = Secret.Builder.create(this, "Secret")
                .description("video-pipeline " + config.stage() + ": the " + HEADER
                        + " value CloudFront sends and the ALB requires")
                // The ALB compares header values ignoring case and reads * and ? as wildcards:
                // lower-case letters and digits only (48 of them, about 248 bits).
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(48)
                        .excludePunctuation(true)
                        .excludeUppercase(true)
                        .includeSpace(false)
                        .build())
                .build();
        NagSuppressions.addResourceSuppressions(secret, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SMG4")
                .reason("Rotated by hand in two deploys (docs/deploy.md): CloudFormation must write each new "
                        + "value into the distribution and the listener rule, in that order; a rotation Lambda "
                        + "would have to update both itself.")
                .build()));
    }

    /** What CloudFront sends: the named version, or the version current at deploy. */
    public String headerValue() {
        return reference(versions.originSecretVersion());
    }

    /** What the ALB accepts: the value CloudFront sends, and during a rotation the one it sent before. */
    public List<String> acceptedValues() {
        List<String> values = new ArrayList<>(List.of(headerValue()));
        if (versions.originSecretPreviousVersion() != null) {
            values.add(reference(versions.originSecretPreviousVersion()));
        }
        return values;
    }

    private String reference(String versionId) {
        var options = SecretsManagerSecretOptions.builder();
        if (versionId != null) {
            options.versionId(versionId);
        }
        // A dynamic reference, never the value: CloudFormation reads the secret at deploy.
        return SecretValue.secretsManager(secret.getSecretArn(), options.build()).unsafeUnwrap();
    }

    public Secret secret() {
        return secret;
    }
}
