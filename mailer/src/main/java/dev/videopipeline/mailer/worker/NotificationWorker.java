package dev.videopipeline.mailer.worker;

import dev.videopipeline.common.aws.PipelineResources;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

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

    private static final Logger LOG = LoggerFactory.getLogger(NotificationWorker.class);
    private static final int LONG_POLL_SECONDS = 20;

    private final SqsClient sqs;
    private final NotificationMessages messages;
    private final String queueUrl;
    private final MailerSettings settings;
    private final Semaphore slots;
    private final ExecutorService handlers;
    private volatile boolean running = true;
    private Thread poller;

    public NotificationWorker(SqsClient sqs, NotificationMessages messages, PipelineResources resources,
                              MailerSettings settings) {
        this.sqs = sqs;
        this.messages = messages;
        this.queueUrl = resources.notifyQueueUrl();
        this.settings = settings;
        this.slots = new Semaphore(settings.concurrency());
        this.handlers = Executors.newFixedThreadPool(settings.concurrency());
    }

    @EventListener
    void start(StartupEvent event) {
        poller = new Thread(this::poll, "notification-poller");
        poller.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        if (poller != null) {
            // A long poll in flight may still return messages: they are made visible again while
            // the SQS client is open, so the wait is at most one long poll.
            poller.interrupt();
            poller.join(TimeUnit.SECONDS.toMillis(LONG_POLL_SECONDS + 5));
        }
        handlers.shutdown();
        if (!handlers.awaitTermination(settings.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
            handlers.shutdownNow();
        }
    }

    private void poll() {
        while (running) {
            try {
                slots.acquire();
                slots.release();
                var received = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                        .maxNumberOfMessages(Math.max(1, Math.min(10, slots.availablePermits())))
                        .waitTimeSeconds(LONG_POLL_SECONDS)
                        .visibilityTimeout((int) settings.visibilityTimeout().toSeconds())
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                        .messages();
                for (Message message : received) {
                    if (!running) {
                        // Received while stopping: another mailer takes it at once. The stop's interrupt
                        // is cleared first, or the SDK would abort this call too.
                        Thread.interrupted();
                        messages.comeBackIn(message, Duration.ZERO);
                        continue;
                    }
                    slots.acquire();
                    handlers.submit(() -> handle(message));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.atWarn().setMessage("receive failed; retrying").addKeyValue("error", e.getMessage()).log();
                pause();
            }
        }
    }

    private void handle(Message message) {
        try {
            messages.handle(message);
        } catch (RuntimeException e) {
            // DynamoDB or SQS failing: the claim's lease and the message's visibility run out, and it is retried.
            LOG.atWarn().setMessage("notification not handled; it comes back").addKeyValue("sqsMessageId",
                    message.messageId()).setCause(e).log();
        } finally {
            slots.release();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
