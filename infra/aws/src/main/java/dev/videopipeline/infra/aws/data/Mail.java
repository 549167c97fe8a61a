package dev.videopipeline.infra.aws.data;

import dev.videopipeline.infra.aws.config.StageConfig;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.ses.ConfigurationSet;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.ses.Identity;
import software.constructs.Construct;

/**
 * What the mailer sends as: a domain identity, DKIM-signed (Easy DKIM; its three CNAME records are
 * written into the hosted zone), and the configuration set every mail goes out in
 * ({@code MAILER_CONFIGURATION_SET}), where bounce and complaint events can be routed.
 * A new SES account is in the sandbox: ask AWS for production access before real users mail.
 */
public class Mail extends Construct {

    private final EmailIdentity identity;
    private final ConfigurationSet configurationSet;

    public Mail(Construct scope, String id, StageConfig config, IHostedZone zone) {
        super(scope, id);
        this.configurationSet = ConfigurationSet.Builder.create(this, "ConfigurationSet").build();
        this.identity = EmailIdentity.Builder.create(this, "Identity")
                .identity(Identity.domain(config.mail().domain()))
                .configurationSet(configurationSet)
                .build();
        new DkimRecords(this, "Dkim", identity, zone);
    }

    public EmailIdentity identity() {
        return identity;
    }

    public ConfigurationSet configurationSet() {
        return configurationSet;
    }
}
