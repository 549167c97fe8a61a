package dev.videopipeline.mailer.worker;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.time.Duration;

/**
 * The worker's settings ({@code mailer.*}).
 *
 * @param concurrency       notifications handled at once ({@code MAILER_CONCURRENCY})
 * @param lease             how long a notification claim is a mailer's; a send is cut off at half of it,
 *                          so a live mailer never sees its claim taken over mid-send
 * @param visibilityTimeout how long a received message stays hidden from other mailers
 * @param retryBackoff      after a transient SES error the message comes back after this long, doubled
 *                          with each receive
 * @param stopGrace         on SIGTERM, how long sends in flight may take to finish
 */
@ConfigurationProperties("mailer")
public record MailerSettings(@Positive int concurrency, @NotNull Duration lease, @NotNull Duration visibilityTimeout,
                             @NotNull Duration retryBackoff, @NotNull Duration stopGrace) {
}
