package dev.videopipeline.mailer.send;

import dev.videopipeline.mailer.compose.Mail;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.MailFromDomainNotVerifiedException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

import java.time.Duration;

/**
 * Sends a mail with SES v2 {@code SendEmail}, from {@code pipeline.mail-from}, in the configuration
 * set {@code mailer.configuration-set} when one is named (it routes SES's delivery, bounce and
 * complaint events).
 */
@Singleton
public class MailSender {

    private final SesV2Client ses;
    private final String from;
    private final String configurationSet;

    public MailSender(SesV2Client ses, @Value("${pipeline.mail-from}") String from,
                      @Value("${mailer.configuration-set:}") String configurationSet) {
        this.ses = ses;
        this.from = from;
        this.configurationSet = configurationSet;
    }

    /**
     * @param timeout the whole call, the SDK's retries included, is given up after this long
     * @return SES's message id
     * @throws MailRejectedException when SES refuses this mail for good; any other exception is
     *                               transient (throttling, 5xx, network, an account-wide stop) and worth retrying
     */
    public String send(String to, Mail mail, Duration timeout) {
        var request = SendEmailRequest.builder()
                .fromEmailAddress(from)
                .destination(d -> d.toAddresses(to))
                .content(c -> c.simple(m -> m.subject(utf8(mail.subject()))
                        .body(b -> b.html(utf8(mail.html())).text(utf8(mail.text())))))
                .overrideConfiguration(o -> o.apiCallTimeout(timeout));
        if (!configurationSet.isBlank()) {
            request.configurationSetName(configurationSet);
        }
        try {
            return ses.sendEmail(request.build()).messageId();
        } catch (SesV2Exception e) {
            if (isPermanent(e)) {
                throw new MailRejectedException(reason(e), e);
            }
            throw e;
        }
    }

    /**
     * Refusals of this one mail: the message (MessageRejected), the sender's domain
     * (MailFromDomainNotVerified) or the request, e.g. an invalid address (BadRequest). Account-wide
     * stops (AccountSuspended, SendingPaused), a missing configuration set (NotFound) and quotas are not:
     * once an operator fixes them the same mail goes through, so those are retried and, if it lasts,
     * parked in the dead-letter queue.
     */
    static boolean isPermanent(SesV2Exception e) {
        return e instanceof MessageRejectedException || e instanceof MailFromDomainNotVerifiedException
                || e instanceof BadRequestException;
    }

    private static String reason(SesV2Exception e) {
        var details = e.awsErrorDetails();
        return details != null && details.errorMessage() != null ? details.errorMessage() : e.getMessage();
    }

    private static Content utf8(String data) {
        return Content.builder().data(data).charset("UTF-8").build();
    }
}
