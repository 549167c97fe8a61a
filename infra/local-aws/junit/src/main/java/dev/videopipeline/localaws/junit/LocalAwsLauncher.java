package dev.videopipeline.localaws.junit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what the tests run against: a running instance named by {@code LOCAL_AWS_STATE}, else
 * LocalStack when {@code PIPELINE_AWS=localstack}, else a fresh emulator process. Then publishes
 * its state as system properties, which Micronaut reads as a property source.
 */
final class LocalAwsLauncher {

    private LocalAwsLauncher() {
    }

    /** @param quickStart emulators started for tests rather than throughput (see {@link EmulatorProcess#start}) */
    static LocalAws launch(boolean quickStart) {
        Optional<Map<String, String>> running = setting("local.aws.state", "LOCAL_AWS_STATE")
                .map(Path::of)
                .filter(Files::isRegularFile)
                .map(StateFile::read)
                .filter(StateFile::isLive);
        LocalAws localAws;
        if (running.isPresent()) {
            localAws = new LocalAws(running.get(), () -> { });
        } else if (setting("pipeline.aws", "PIPELINE_AWS").filter("localstack"::equalsIgnoreCase).isPresent()) {
            localAws = LocalStackBackend.start(LocalAwsHome.find());
        } else {
            EmulatorProcess process = EmulatorProcess.start(LocalAwsHome.find(), quickStart);
            localAws = new LocalAws(process.properties(), process);
        }
        // The user's own -D settings win.
        localAws.properties().forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
        return localAws;
    }

    /** A system property, else an environment variable. */
    static Optional<String> setting(String property, String environmentVariable) {
        return Optional.ofNullable(System.getProperty(property))
                .or(() -> Optional.ofNullable(System.getenv(environmentVariable)))
                .filter(value -> !value.isBlank());
    }
}
