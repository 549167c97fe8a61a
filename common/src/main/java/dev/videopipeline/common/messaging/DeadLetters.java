package dev.videopipeline.common.messaging;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;

/**
 * Sends a dead-letter queue's messages back to the queues they came from, once the fault that
 * parked them is fixed. SQS's own message move task does it (the same call in AWS and against the
 * local emulator), so a redriven message keeps its body and nothing is read or copied by hand.
 */
public final class DeadLetters {

    private static final Duration POLL = Duration.ofMillis(500);

    private final SqsClient sqs;

    public DeadLetters(SqsClient sqs) {
        this.sqs = sqs;
    }

    /**
     * Starts the move and waits for it to end.
     *
     * @return the number of messages moved back
     * @throws IllegalStateException when the move fails or does not end within {@code timeout}
     */
    public long redrive(String deadLetterQueueUrl, Duration timeout) throws InterruptedException {
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetterQueueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String handle = sqs.startMessageMoveTask(b -> b.sourceArn(arn)).taskHandle();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            ListMessageMoveTasksResultEntry task = sqs.listMessageMoveTasks(b -> b.sourceArn(arn).maxResults(10))
                    .results().stream().filter(t -> handle.equals(t.taskHandle())).findFirst()
                    // A finished task may be listed without its handle: the latest one is ours.
                    .orElseGet(() -> sqs.listMessageMoveTasks(b -> b.sourceArn(arn).maxResults(1)).results().get(0));
            switch (task.status()) {
                case "COMPLETED" -> {
                    return task.approximateNumberOfMessagesMoved();
                }
                case "FAILED", "CANCELLED" -> throw new IllegalStateException("the move " + task.status().toLowerCase()
                        + (task.failureReason() == null ? "" : ": " + task.failureReason()));
                default -> Thread.sleep(POLL.toMillis());
            }
        }
        throw new IllegalStateException("the move did not end within " + timeout);
    }
}
