package dev.videopipeline.common.messaging;

/**
 * A message body that is not a pipeline message this code understands. Retrying cannot help:
 * the worker leaves it to the queue's redrive policy, which parks it in the dead-letter queue.
 */
public class UnreadableMessageException extends RuntimeException {

    public UnreadableMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
