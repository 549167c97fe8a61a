package dev.videopipeline.infra.aws.data;

import dev.videopipeline.infra.aws.config.StageConfig;
import java.time.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * A queue of work with its dead-letter queue: after {@link #MAX_RECEIVE_COUNT} receives a message
 * is parked there (an alarm fires) instead of circling for ever. The encoder's
 * {@code encoder.max-attempts} is the same number.
 */
public class WorkQueue extends Construct {

    public static final int MAX_RECEIVE_COUNT = 5;

    private final Queue queue;
    private final Queue deadLetters;

    public WorkQueue(Construct scope, String id, StageConfig config, Duration visibilityTimeout) {
        super(scope, id);
        RemovalPolicy removal = config.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
        this.deadLetters = Queue.Builder.create(this, "DeadLetters")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                // The longest SQS keeps anything: time to find the cause and redrive.
                .retentionPeriod(software.amazon.awscdk.Duration.days(14))
                .removalPolicy(removal)
                .build();
        this.queue = Queue.Builder.create(this, "Queue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .visibilityTimeout(software.amazon.awscdk.Duration.seconds(visibilityTimeout.toSeconds()))
                .receiveMessageWaitTime(software.amazon.awscdk.Duration.seconds(20))
                .retentionPeriod(software.amazon.awscdk.Duration.days(4))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(MAX_RECEIVE_COUNT).build())
                .removalPolicy(removal)
                .build();
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetters() {
        return deadLetters;
    }
}
