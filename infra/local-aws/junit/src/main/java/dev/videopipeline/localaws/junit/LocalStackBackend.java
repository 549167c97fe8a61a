package dev.videopipeline.localaws.junit;

import java.nio.file.Path;
import java.util.Map;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same tests against LocalStack in Docker: the container stands in for the emulators, and the
 * emulators' distribution provisions it exactly as it provisions them.
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
        LocalStackContainer container = new LocalStackContainer(IMAGE).withServices("s3", "sqs", "dynamodb", "ses");
        container.start();
        try {
            Map<String, String> properties = EmulatorProcess.provision(home, container.getEndpoint());
            return new LocalAws(properties, container::stop);
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }
}
