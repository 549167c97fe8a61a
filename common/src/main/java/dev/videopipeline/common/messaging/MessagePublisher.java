package dev.videopipeline.common.messaging;

import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.util.Map;

/** Sends pipeline messages to SQS; the type and video id travel as attributes too, for tracing. */
@Singleton
public class MessagePublisher {

    private final SqsClient sqs;
    private final MessageCodec codec;

    public MessagePublisher(SqsClient sqs, MessageCodec codec) {
        this.sqs = sqs;
        this.codec = codec;
    }

    /** @return the SQS message id */
    public String send(String queueUrl, PipelineMessage message) {
        return send(queueUrl, message, 0);
    }

    /** Sends {@code message}, to be received no sooner than {@code delaySeconds} (at most 900) from now. */
    public String send(String queueUrl, PipelineMessage message, int delaySeconds) {
        return sqs.sendMessage(b -> b.queueUrl(queueUrl)
                .messageBody(codec.encode(message))
                .delaySeconds(delaySeconds)
                .messageAttributes(Map.of(
                        "type", text(message.getClass().getSimpleName()),
                        "videoId", text(message.videoId()))))
                .messageId();
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
