package dev.videopipeline.mailer.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.messaging.PollLoopLiveness;
import dev.videopipeline.common.messaging.QueuePoller;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Long-polls {@code notifications} (batches of up to 10) and hands each message to
 * {@link NotificationMessages}, at most {@code mailer.concurrency} at once. On SIGTERM it stops
 * receiving, makes what its last poll still returns visible again, and lets sends in flight finish
 * within {@code mailer.stop-grace} (a send is cut off at half the lease, well within it); one that
 * is still running then is interrupted, which releases its claim like any transient error.
 */
@Singleton
@Requires(property = "mailer.worker.enabled", notEquals = "false")
public class NotificationWorker {

    private final MailerSettings settings;
    private final QueuePoller poller;

    public NotificationWorker(SqsClient sqs, NotificationMessages messages, PipelineResources resources,
                              MailerSettings settings, PollLoopLiveness liveness) {
        this.settings = settings;
        this.poller = new QueuePoller("notifications", sqs, resources.notifyQueueUrl(), settings.concurrency(),
                settings.visibilityTimeout(), messages::handle);
        liveness.watch(poller);
    }

    @EventListener
    void start(StartupEvent event) {
        poller.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        poller.stop(settings.stopGrace(), () -> { });
    }
}
