package dev.videopipeline.localaws.junit;

import java.nio.file.Path;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same tests against LocalStack in Docker: the container stands in for the S3, SQS and DynamoDB
 * emulators, and the emulators' distribution provisions it exactly as it provisions them and runs
 * the SES v2 emulator beside it.
 */
final class LocalStackBackend {

    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4");

    private LocalStackBackend() {
    }

    static LocalAws start(Path home) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("pipeline.aws=localstack needs Docker, and no Docker engine is reachable. "
                    + "Start one, or unset pipeline.aws / PIPELINE_AWS to use the local emulators.");
        }
        // SES v2 is not in community LocalStack: the emulator process runs aws-ses-v2-local beside it.
        LocalStackContainer container = new LocalStackContainer(IMAGE)
                .withServices("s3", "sqs", "dynamodb")
                // Check presigned URLs' signatures, as AWS and the S3 emulator do.
                .withEnv("S3_SKIP_SIGNATURE_VALIDATION", "0");
        container.start();
        try {
            EmulatorProcess ses = EmulatorProcess.startBeside(home, container.getEndpoint());
            return new LocalAws(ses.properties(), () -> {
                try {
                    ses.close();
                } finally {
                    container.stop();
                }
            });
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }
}
