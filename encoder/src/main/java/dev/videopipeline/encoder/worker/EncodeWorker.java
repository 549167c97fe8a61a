package dev.videopipeline.encoder.worker;

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

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Long-polls {@code encode-requests} and hands each message to {@link EncodeRequests}, at most
 * {@code encoder.concurrency} at once. On SIGTERM (an ECS rolling update) it stops receiving,
 * lets running jobs finish within
 * {@code encoder.stop-grace}, and hands back the ones that cannot: claim released, message visible
 * at once, so another encoder starts them without waiting for a lease to run out.
 */
@Singleton
@Requires(property = "encoder.worker.enabled", notEquals = "false")
public class EncodeWorker {

    private static final Logger LOG = LoggerFactory.getLogger(EncodeWorker.class);
    private static final int LONG_POLL_SECONDS = 20;

    private final SqsClient sqs;
    private final EncodeRequests requests;
    private final PipelineResources resources;
    private final EncoderSettings settings;
    private final Semaphore slots;
    private final ExecutorService jobs;
    private volatile boolean running = true;
    private Thread poller;

    public EncodeWorker(SqsClient sqs, EncodeRequests requests, PipelineResources resources,
                        EncoderSettings settings) {
        this.sqs = sqs;
        this.requests = requests;
        this.resources = resources;
        this.settings = settings;
        this.slots = new Semaphore(settings.concurrency());
        this.jobs = Executors.newFixedThreadPool(settings.concurrency());
    }

    @EventListener
    void start(StartupEvent event) {
        poller = new Thread(this::poll, "encode-poller");
        poller.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        if (poller != null) {
            poller.interrupt();
        }
        // The grace starts now, not after the long poll in flight returns (up to 20 s).
        jobs.shutdown();
        if (!jobs.awaitTermination(settings.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
            requests.handBackAll();
            jobs.shutdownNow();
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
                var messages = sqs.receiveMessage(b -> b.queueUrl(resources.encodeQueueUrl())
                        .maxNumberOfMessages(Math.max(1, Math.min(10, slots.availablePermits())))
                        .waitTimeSeconds(LONG_POLL_SECONDS)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                        .visibilityTimeout((int) settings.lease().toSeconds())).messages();
                for (Message message : messages) {
                    if (!running) {
                        // Received while stopping: another encoder takes it at once. The stop's
                        // interrupt is cleared first, or the SDK would abort this call too.
                        Thread.interrupted();
                        requests.makeVisible(message);
                        continue;
                    }
                    slots.acquire();
                    try {
                        jobs.submit(() -> {
                            try {
                                requests.handle(message);
                            } finally {
                                slots.release();
                            }
                        });
                    } catch (RejectedExecutionException stopping) {
                        slots.release();
                        Thread.interrupted();
                        requests.makeVisible(message);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.atWarn().setMessage("receive failed; retrying").addKeyValue("error", e.getMessage()).log();
                pause();
            }
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
