package dev.videopipeline.common.messaging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * One message as a worker received it from its queue, and everything a worker does with it:
 * read it, delete it once handled, hide it for a while, let it come back at once, or put a fresh
 * copy in its place. What it cannot read is left alone: the queue's redrive policy parks it in the
 * dead-letter queue after a few receives.
 */
public final class ReceivedMessage {

    private static final Logger LOG = LoggerFactory.getLogger(ReceivedMessage.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Message message;

    /** @param message received with its {@code ApproximateReceiveCount} attribute */
    public ReceivedMessage(SqsClient sqs, String queueUrl, Message message) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.message = message;
    }

    /** The SQS message id: one per send, the same on every receive. */
    public String id() {
        return message.messageId();
    }

    /** How often it was received, this time included. */
    public int receiveCount() {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return count == null ? 1 : Integer.parseInt(count);
    }

    /**
     * The body, if it is one of the {@code handled} types; otherwise (unreadable, or a message of
     * another type on this queue) it is logged and left for the dead-letter queue, and this is empty.
     */
    @SafeVarargs
    public final <T extends PipelineMessage> Optional<T> decode(MessageCodec codec, Class<? extends T>... handled) {
        PipelineMessage decoded;
        try {
            decoded = codec.decode(message.body());
        } catch (UnreadableMessageException e) {
            LOG.atWarn().setMessage("unreadable message; left for the dead-letter queue").addKeyValue("queue", queueUrl)
                    .addKeyValue("sqsMessageId", id()).addKeyValue("error", e.getMessage()).log();
            return Optional.empty();
        }
        for (Class<? extends T> type : handled) {
            if (type.isInstance(decoded)) {
                return Optional.of(type.cast(decoded));
            }
        }
        LOG.atWarn().setMessage("message of a type this queue does not take; left for the dead-letter queue")
                .addKeyValue("queue", queueUrl).addKeyValue("sqsMessageId", id())
                .addKeyValue("type", decoded.getClass().getSimpleName())
                .addKeyValue("expected", Arrays.stream(handled).map(Class::getSimpleName).toList())
                .addKeyValue("videoId", decoded.videoId()).log();
        return Optional.empty();
    }

    /** Handled: it never comes back. */
    public void delete() {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }

    /** Hidden from every worker for {@code hidden} from now (0: visible at once). */
    public void hideFor(Duration hidden) {
        sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                .visibilityTimeout((int) hidden.toSeconds()));
    }

    /** {@link #hideFor(Duration)}, the call itself given up after {@code callTimeout}. */
    public void hideFor(Duration hidden, Duration callTimeout) {
        sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                .visibilityTimeout((int) hidden.toSeconds())
                .overrideConfiguration(o -> o.apiCallTimeout(callTimeout)));
    }

    /** Ends its invisibility now: the next receive, by any worker, gets it. */
    public void makeVisible() {
        hideFor(Duration.ZERO);
    }

    /**
     * Puts {@code copy} in this queue in its place, to be received after {@code delaySeconds}: sent
     * first, then this one deleted, so the wait costs no receive towards the dead-letter queue (made
     * visible again, this one would count one more). A crash between the two leaves a duplicate,
     * which the worker's claim absorbs.
     */
    public void replaceWith(MessagePublisher publisher, PipelineMessage copy, int delaySeconds) {
        publisher.send(queueUrl, copy, delaySeconds);
        delete();
    }
}
