package dev.videopipeline.localaws;

import java.net.URI;

/** The URLs SQS gave the provisioned queues. */
public record QueueUrls(String encodeQueue, String encodeDlq, String notifyQueue, String notifyDlq) {

    /** The same queues named at another SQS endpoint (a fault gate's): the SQS API finds a queue by its path. */
    QueueUrls at(URI sqs) {
        return new QueueUrls(moved(encodeQueue, sqs), moved(encodeDlq, sqs), moved(notifyQueue, sqs), moved(notifyDlq, sqs));
    }

    private static String moved(String queueUrl, URI sqs) {
        return sqs.resolve(URI.create(queueUrl).getRawPath()).toString();
    }
}
