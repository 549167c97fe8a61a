package dev.videopipeline.localaws;

/** The URLs SQS gave the provisioned queues. */
public record QueueUrls(String encodeQueue, String encodeDlq, String notifyQueue, String notifyDlq) {
}
