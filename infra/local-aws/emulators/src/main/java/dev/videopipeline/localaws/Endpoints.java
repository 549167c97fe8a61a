package dev.videopipeline.localaws;

import java.net.URI;

/** Where each AWS API answers; {@code sesStore} is the SES emulator's sent-mail inbox (JSON). */
public record Endpoints(URI s3, URI sqs, URI dynamoDb, URI sesV2, URI sesStore) {
}
