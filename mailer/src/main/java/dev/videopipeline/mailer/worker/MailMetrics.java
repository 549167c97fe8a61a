package dev.videopipeline.mailer.worker;

import dev.videopipeline.common.video.VideoStatus;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Locale;

/**
 * {@code pipeline.mails.sent}, {@code .failed} (SES refused the mail for good) and {@code .retried}
 * (a transient error; the message comes back), each by {@code outcome} (ready, failed); and the
 * SES call's latency, {@code pipeline.mail.send}, by outcome and result.
 */
@Singleton
class MailMetrics {

    private final MeterRegistry registry;

    MailMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void sent(VideoStatus outcome, Duration sendTime) {
        count("sent", outcome, sendTime);
    }

    void failed(VideoStatus outcome, Duration sendTime) {
        count("failed", outcome, sendTime);
    }

    void retried(VideoStatus outcome, Duration sendTime) {
        count("retried", outcome, sendTime);
    }

    private void count(String result, VideoStatus outcome, Duration sendTime) {
        String tag = outcome.name().toLowerCase(Locale.ROOT);
        registry.counter("pipeline.mails." + result, "outcome", tag).increment();
        registry.timer("pipeline.mail.send", "outcome", tag, "result", result).record(sendTime);
    }
}
