package dev.videopipeline.common.messaging;

import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What a worker's liveness check reads of its poll loop, over the SQS emulator. */
@LocalAwsTest
class QueuePollerLivenessIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    LocalAws aws;
    String queue;
    SqsClient sqs;
    /** Set, the next receive throws an Error, as a bug or a broken library would: the loop's thread dies. */
    final AtomicBoolean breakReceive = new AtomicBoolean();
    QueuePoller poller;

    @BeforeEach
    void start(LocalAws aws) {
        this.aws = aws;
        aws.reset();
        queue = aws.property("pipeline.encode-queue-url");
        sqs = SqsClient.builder()
                .region(Region.of(aws.property("aws.region")))
                .endpointOverride(URI.create(aws.property("aws.services.sqs.endpoint-override")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        aws.property("aws.credentials.access-key-id"), aws.property("aws.credentials.secret-access-key"))))
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (breakReceive.get()) {
                            throw new LinkageError("the poll loop's thread dies");
                        }
                    }
                }))
                .build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        poller.stop(Duration.ofSeconds(1), () -> { });
        sqs.close();
    }

    @Test
    void aLoopThatReceivesIsPollingUntilItStops() throws InterruptedException {
        poller = started(message -> { });

        assertThat(poller.isPolling(WITHIN)).isTrue();
        poller.stop(Duration.ofSeconds(1), () -> { });
        assertThat(poller.isPolling(WITHIN)).isFalse();
    }

    @Test
    void aLoopWhoseThreadDiedIsNotPolling() {
        poller = started(message -> { });
        breakReceive.set(true);
        // Its current long poll (20 s on an empty queue) ends first; the next receive kills the thread.
        aws.sqs().sendMessage(b -> b.queueUrl(queue).messageBody("wake the long poll"));

        // The thread's death is the point here, not an error of the test.
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> !poller.isPolling(WITHIN));
    }

    @Test
    void aLoopSilentForLongerThanAllowedIsNotPolling() {
        poller = started(message -> { });

        // Inside a 20 s long poll on an empty queue: no receive has started or ended for a moment.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> !poller.isPolling(Duration.ofMillis(200)));
        assertThat(poller.isPolling(WITHIN)).isTrue();
    }

    @Test
    void aLoopWaitingForItsBusyHandlersIsPolling() throws InterruptedException {
        var handling = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        poller = started(message -> {
            handling.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        aws.sqs().sendMessage(b -> b.queueUrl(queue).messageBody("a long job"));
        handling.await();

        assertThat(poller.isPolling(Duration.ofNanos(1))).as("every slot busy: it waits, it is not stuck").isTrue();
        release.countDown();
    }

    private QueuePoller started(Consumer<ReceivedMessage> handler) {
        var started = new QueuePoller("test", sqs, queue, 1, Duration.ofSeconds(30), handler);
        started.start();
        return started;
    }
}
