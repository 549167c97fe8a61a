package dev.videopipeline.common.messaging;

import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@LocalAwsTest
class DeadLettersIT {

    LocalAws aws;
    String queue;
    String deadLetters;

    @BeforeEach
    void reset(LocalAws aws) {
        this.aws = aws;
        aws.reset();
        queue = aws.property("pipeline.encode-queue-url");
        deadLetters = aws.property("pipeline.encode-dlq-url");
    }

    @Test
    void redriveMovesParkedMessagesBackToTheirQueueWithTheirBodies() throws InterruptedException {
        for (String body : new String[] {"first", "second"}) {
            aws.sqs().sendMessage(m -> m.queueUrl(queue).messageBody(body));
        }
        parkEverythingInTheDeadLetterQueue();

        long moved = new DeadLetters(aws.sqs()).redrive(deadLetters, Duration.ofSeconds(30));

        assertThat(moved).isEqualTo(2);
        assertThat(aws.receiveAll(queue)).containsExactlyInAnyOrder("first", "second");
        assertThat(aws.receiveAll(deadLetters)).isEmpty();
    }

    @Test
    void redriveOfAnEmptyDeadLetterQueueMovesNothing() throws InterruptedException {
        assertThat(new DeadLetters(aws.sqs()).redrive(deadLetters, Duration.ofSeconds(30))).isZero();
    }

    /** What repeated failures do: every message received maxReceiveCount times without a delete. */
    private void parkEverythingInTheDeadLetterQueue() {
        for (int receive = 0; receive < 10; receive++) {
            var received = aws.sqs().receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).visibilityTimeout(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            if (received.isEmpty()) {
                return;
            }
        }
        throw new AssertionError("messages still in the queue after 10 receives");
    }
}
