package dev.videopipeline.mailer.compose;

/** One mail ready to send: its subject and the same message as HTML and as plain text. */
public record Mail(String subject, String html, String text) {
}
