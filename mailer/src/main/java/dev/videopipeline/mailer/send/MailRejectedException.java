package dev.videopipeline.mailer.send;

/** SES refused this mail for good (a bad address, a rejected message): sending it again cannot help. */
public class MailRejectedException extends RuntimeException {

    public MailRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
