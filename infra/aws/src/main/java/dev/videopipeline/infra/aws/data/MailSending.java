package dev.videopipeline.infra.aws.data;

import dev.videopipeline.infra.aws.config.StageConfig;
import java.util.List;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.ses.CloudWatchDimension;
import software.amazon.awscdk.services.ses.CloudWatchDimensionSource;
import software.amazon.awscdk.services.ses.ConfigurationSet;
import software.amazon.awscdk.services.ses.ConfigurationSetEventDestination;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.ses.EmailSendingEvent;
import software.amazon.awscdk.services.ses.EventDestination;
import software.amazon.awscdk.services.ses.Identity;
import software.constructs.Construct;

/**
 * What the mailer sends as: a domain identity, DKIM-signed (Easy DKIM; its three CNAME records are
 * written into the hosted zone), and the configuration set every mail goes out in
 * ({@code MAILER_CONFIGURATION_SET}), which counts its sends, deliveries, bounces and complaints in
 * CloudWatch (the bounce and complaint rate alarms divide them).
 * A new SES account is in the sandbox: ask AWS for production access before real users mail.
 */
public class MailSending extends Construct {

    /**
     * The dimension of the configuration set's metrics: SES's own tag on every mail, whose value is
     * the configuration set's name, so the mailer sends no tag of its own.
     */
    public static final String CONFIGURATION_SET_DIMENSION = "ses:configuration-set";

    /** What the configuration set counts (namespace {@code AWS/SES}, one metric each). */
    public static final List<EmailSendingEvent> COUNTED = List.of(EmailSendingEvent.SEND, EmailSendingEvent.DELIVERY,
            EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT);

    private final EmailIdentity identity;
    private final ConfigurationSet configurationSet;

    public MailSending(Construct scope, String id, StageConfig config, IHostedZone zone) {
        super(scope, id);
        this.configurationSet = ConfigurationSet.Builder.create(this, "ConfigurationSet").build();
        ConfigurationSetEventDestination.Builder.create(this, "Metrics")
                .configurationSet(configurationSet)
                .events(COUNTED)
                .destination(EventDestination.cloudWatchDimensions(List.of(CloudWatchDimension.builder()
                        .name(CONFIGURATION_SET_DIMENSION)
                        .source(CloudWatchDimensionSource.MESSAGE_TAG)
                        .defaultValue(configurationSet.getConfigurationSetName())
                        .build())))
                .build();
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
