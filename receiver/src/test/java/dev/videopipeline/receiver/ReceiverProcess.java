package dev.videopipeline.receiver;

import dev.videopipeline.testpipeline.PipelineClient;
import dev.videopipeline.testpipeline.Ports;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged receiver ({@code target/receiver.jar}, built by {@code mvn package}) as a process of
 * its own on free loopback ports below the ephemeral range, in the local environment (dev tokens),
 * against the emulators.
 */
public final class ReceiverProcess implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final int managementPort;
    private final PipelineClient client;

    private ReceiverProcess(Process process, int port, int managementPort) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.client = new PipelineClient("http://127.0.0.1:" + port);
    }

    /** @param options extra JVM options, such as {@code -Xmx128m} or {@code -Dpipeline...=} */
    public static ReceiverProcess start(Map<String, String> awsProperties, String logName, String... options)
            throws IOException {
        return start(awsProperties, logName, List.of(), options);
    }

    /** @param launcher what runs the JVM, such as {@code taskset -c 1} to give it a core of its own */
    public static ReceiverProcess start(Map<String, String> awsProperties, String logName, List<String> launcher,
                                        String... options) throws IOException {
        Path jar = Path.of("target", "receiver.jar").toAbsolutePath();
        assertThat(jar).as("built by mvn package").exists();
        int port = Ports.belowEphemeral(2);
        int managementPort = port + 1;
        List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(options));
        awsProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-Dmicronaut.environments=local", "-Dmicronaut.server.port=" + port,
                "-Dendpoints.all.port=" + managementPort,
                "-Dmicronaut.server.host=127.0.0.1", "-cp", jar + ":" + jar.resolveSibling("lib") + "/*",
                "dev.videopipeline.receiver.ReceiverApplication"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target", logName + ".log").toFile()).start();
        // Should the test JVM stop first, the receiver goes with it.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        var receiver = new ReceiverProcess(process, port, managementPort);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(receiver::ready);
        return receiver;
    }

    public Process process() {
        return process;
    }

    public int port() {
        return port;
    }

    /** Health and {@code /prometheus}. */
    public int managementPort() {
        return managementPort;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A token from the local sign-in, as the web page gets one. */
    public String signIn(String email) {
        return client.token(email);
    }

    public boolean ready() {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                            + "/health/readiness")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, as ECS stops a task, and waits for the process to end. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

}
