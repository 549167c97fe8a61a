package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.messaging.PollLoopLiveness;
import dev.videopipeline.common.messaging.QueuePoller;
import dev.videopipeline.encoder.scalein.ScaleInProtection;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Long-polls {@code encode-requests} and hands each message to {@link EncodeRequests}, at most
 * {@code encoder.concurrency} at once, the message invisible for the lease and the task protected
 * from scale-in while it is handled ({@link ScaleInProtection}). On SIGTERM (an ECS
 * rolling update) it stops receiving, lets running jobs finish within {@code encoder.stop-grace},
 * and hands back the ones that cannot: claim released without costing an attempt, a fresh copy of
 * the request in the queue, so another encoder starts them without waiting for a lease to run out.
 * A chunked encode hands its video back as soon as the chunk in hand is done, and a chunk
 * ({@link ChunkLeases}) is handed back like a video.
 */
@Singleton
@Requires(property = "encoder.worker.enabled", notEquals = "false")
public class EncodeWorker {

    private final EncodeLeases leases;
    private final ChunkLeases chunkLeases;
    private final EncoderSettings settings;
    private final QueuePoller poller;

    public EncodeWorker(SqsClient sqs, EncodeRequests requests, EncodeLeases leases, ChunkLeases chunkLeases,
                        PipelineResources resources,
                        EncoderSettings settings, ScaleInProtection protection, PollLoopLiveness liveness) {
        this.leases = leases;
        this.chunkLeases = chunkLeases;
        this.settings = settings;
        this.poller = new QueuePoller("encode", sqs, resources.encodeQueueUrl(), settings.concurrency(),
                settings.lease(), message -> protection.during(() -> requests.handle(message)));
        liveness.watch(poller);
    }

    @EventListener
    void start(StartupEvent event) {
        leases.open();
        poller.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        leases.beginStop();
        poller.stop(settings.stopGrace(), () -> {
            chunkLeases.handBackAll();
            leases.handBackAll();
        });
    }
}
