package dev.videopipeline.common.messaging;

import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;

/**
 * {@code tools/redrive}: moves a dead-letter queue's messages back after a fix. The SDK's default
 * chain gives the credentials, the region and, with {@code AWS_ENDPOINT_URL_SQS}, a local emulator.
 */
public final class RedriveCommand {

    private RedriveCommand() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: RedriveCommand <dead-letter queue URL>");
            System.exit(2);
        }
        try (SqsClient sqs = SqsClient.create()) {
            long moved = new DeadLetters(sqs).redrive(args[0], Duration.ofMinutes(10));
            System.out.println("moved " + moved + " message(s) back from " + args[0]);
        }
    }
}
