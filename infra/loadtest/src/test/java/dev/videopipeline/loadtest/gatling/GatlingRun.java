package dev.videopipeline.loadtest.gatling;

import io.gatling.javaapi.core.Simulation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One simulation run as the Maven plugin runs it: Gatling's main class in a JVM of its own (it
 * ends with System.exit), on this JVM's test classpath, its output echoed.
 */
final class GatlingRun {

    private GatlingRun() {
    }

    /** @return Gatling's exit code: 0 passed, 2 an assertion failed, anything else it crashed */
    static int run(Class<? extends Simulation> simulation, Path resultsFolder, Map<String, String> properties,
                   Duration timeout) throws IOException, InterruptedException {
        // Gatling's stats writer reads String internals: the plugin opens these two packages too.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", System.getProperty("java.class.path")));
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("io.gatling.app.Gatling", "--simulation", simulation.getName(),
                "--results-folder", resultsFolder.toAbsolutePath().toString()));
        Process gatling = new ProcessBuilder(command).redirectErrorStream(true).start();
        gatling.getOutputStream().close();
        Thread pump = echo(gatling, simulation.getSimpleName());
        if (!gatling.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            gatling.destroyForcibly().waitFor();
            throw new IllegalStateException(simulation.getSimpleName() + " did not end within " + timeout);
        }
        pump.join(TimeUnit.SECONDS.toMillis(5)); // the rest of its output, before the verdict
        return gatling.exitValue();
    }

    private static Thread echo(Process gatling, String prefix) {
        Thread pump = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(gatling.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> System.out.println("[" + prefix + "] " + line));
            } catch (IOException ended) {
                // Gatling is gone
            }
        }, "gatling-output");
        pump.setDaemon(true);
        pump.start();
        return pump;
    }
}
