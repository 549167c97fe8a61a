package dev.videopipeline.mailer.send;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.InternalServiceErrorException;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;
import software.amazon.awssdk.services.sesv2.model.MailFromDomainNotVerifiedException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SendingPausedException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Which SES errors end a mail for good. The SES emulator cannot be made to refuse a well-formed
 * mail (it checks neither addresses nor senders), so the classification is proven here on the SDK's
 * own exception types.
 */
class MailSenderTest {

    static Stream<Arguments> errors() {
        return Stream.of(
                arguments(MessageRejectedException.builder().statusCode(400).build(), true),
                arguments(MailFromDomainNotVerifiedException.builder().statusCode(400).build(), true),
                arguments(BadRequestException.builder().statusCode(400).build(), true),
                arguments(TooManyRequestsException.builder().statusCode(429).build(), false),
                arguments(LimitExceededException.builder().statusCode(400).build(), false),
                arguments(InternalServiceErrorException.builder().statusCode(500).build(), false),
                arguments(SesV2Exception.builder().statusCode(503).build(), false),
                arguments(AccountSuspendedException.builder().statusCode(400).build(), false),
                arguments(SendingPausedException.builder().statusCode(400).build(), false),
                arguments(NotFoundException.builder().statusCode(404).build(), false));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void onlyRefusalsOfThisMailArePermanent(SesV2Exception error, boolean permanent) {
        assertThat(MailSender.isPermanent(error)).as(error.getClass().getSimpleName()).isEqualTo(permanent);
    }
}
