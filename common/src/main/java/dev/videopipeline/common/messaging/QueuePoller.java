package dev.videopipeline.common.messaging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Long-polls one queue (20 s, batches up to 10, with each message's receive count) and hands each
 * message, as a {@link ReceivedMessage}, to a handler, at most {@code concurrency} at once. A
 * worker's loop and its stop, shared by the encoder and the mailer: on SIGTERM it stops
 * receiving, gives running handlers their grace, then calls {@code onGraceOver} (the encoder hands
 * its jobs back) and interrupts them; what its last long poll still returns is made visible again,
 * so another worker takes it at once.
 * {@link #isPolling} tells a liveness check whether the loop still turns.
 */
public final class QueuePoller {

    private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);
    private static final int LONG_POLL_SECONDS = 20;
    private static final Duration INTERRUPTED_HANDLERS_END = Duration.ofSeconds(5);
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(LONG_POLL_SECONDS + 15);

    private final String name;
    private final SqsClient sqs;
    private final String queueUrl;
    private final Duration visibility;
    private final Consumer<ReceivedMessage> handler;
    private final Semaphore slots;
    private final ExecutorService handlers;
    private volatile boolean running = true;
    private volatile Thread poller;
    /** When the loop last started or ended a receive ({@link System#nanoTime}). */
    private volatile long lastPolled = System.nanoTime();

    /**
     * @param visibility how long a received message stays invisible before its handler renews or deletes it
     * @param handler    handles one message; what it throws is logged, and the message comes back
     */
    public QueuePoller(String name, SqsClient sqs, String queueUrl, int concurrency, Duration visibility,
                       Consumer<ReceivedMessage> handler) {
        this.name = name;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.visibility = visibility;
        this.handler = handler;
        this.slots = new Semaphore(concurrency);
        this.handlers = Executors.newFixedThreadPool(concurrency);
    }

    public void start() {
        lastPolled = System.nanoTime();
        poller = new Thread(this::poll, name + "-poller");
        poller.start();
    }

    public String name() {
        return name;
    }

    /**
     * Whether the loop still turns: it is running and started or ended a receive within
     * {@code within} (one receive is bounded well under a minute), or it waits because every
     * handler slot is taken (handlers bound their own time: the encoder's
     * time limit, the mailer's send timeout). False once it stopped or its thread died.
     */
    public boolean isPolling(Duration within) {
        Thread thread = poller;
        if (!running || thread == null || !thread.isAlive()) {
            return false;
        }
        return slots.availablePermits() == 0 || System.nanoTime() - lastPolled < within.toNanos();
    }

    /**
     * Stops receiving and lets running handlers finish within {@code grace}; past it, calls
     * {@code onGraceOver} and interrupts them. Returns once the poller has ended too.
     */
    public void stop(Duration grace, Runnable onGraceOver) throws InterruptedException {
        running = false;
        if (poller != null) {
            poller.interrupt();
        }
        // The grace starts now, not after the long poll in flight returns (up to 20 s).
        handlers.shutdown();
        if (!handlers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            onGraceOver.run();
            handlers.shutdownNow();
            // Interrupted, a handler ends within moments; the clients it uses must outlive it.
            handlers.awaitTermination(INTERRUPTED_HANDLERS_END.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (poller != null) {
            // What that last long poll returns is made visible again while the SQS client is open.
            poller.join(TimeUnit.SECONDS.toMillis(LONG_POLL_SECONDS + 5));
        }
    }

    private void poll() {
        while (running) {
            try {
                slots.acquire();
                slots.release();
                lastPolled = System.nanoTime();
                var messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                        .maxNumberOfMessages(Math.max(1, Math.min(10, slots.availablePermits())))
                        .waitTimeSeconds(LONG_POLL_SECONDS)
                        .visibilityTimeout((int) visibility.toSeconds())
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                        // Hung connections in an SQS brownout must not hold the loop for minutes.
                        .overrideConfiguration(o -> o.apiCallTimeout(RECEIVE_TIMEOUT)))
                        .messages();
                lastPolled = System.nanoTime();
                for (Message received : messages) {
                    var message = new ReceivedMessage(sqs, queueUrl, received);
                    if (!running) {
                        makeVisible(message);
                        continue;
                    }
                    slots.acquire();
                    try {
                        handlers.submit(() -> handle(message));
                    } catch (RejectedExecutionException stopping) {
                        slots.release();
                        makeVisible(message);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                // SQS failing is for readiness and the alarms; the loop itself still turns.
                lastPolled = System.nanoTime();
                LOG.atWarn().setMessage("receive failed; retrying").addKeyValue("queue", name)
                        .addKeyValue("error", e.getMessage()).log();
                pause();
            }
        }
    }

    private void handle(ReceivedMessage message) {
        try {
            handler.accept(message);
        } catch (RuntimeException e) {
            // DynamoDB or SQS failing: the message's visibility runs out, and it is handled again.
            LOG.atWarn().setMessage("message not handled; it comes back").addKeyValue("queue", name)
                    .addKeyValue("sqsMessageId", message.id()).setCause(e).log();
        } finally {
            slots.release();
        }
    }

    /**
     * Received while stopping: another worker takes it at once. The stop's interrupt is cleared
     * first, or the SDK would abort this call too.
     */
    private void makeVisible(ReceivedMessage message) {
        Thread.interrupted();
        try {
            message.makeVisible();
        } catch (RuntimeException e) {
            LOG.atWarn().setMessage("message not made visible; it comes back after its timeout")
                    .addKeyValue("queue", name).addKeyValue("sqsMessageId", message.id())
                    .addKeyValue("error", e.getMessage()).log();
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
