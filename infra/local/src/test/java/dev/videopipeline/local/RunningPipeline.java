package dev.videopipeline.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;

import static org.awaitility.Awaitility.await;

/**
 * The local pipeline as a user starts it: {@code java -jar local-pipeline.jar} in a process of its
 * own, with its services in theirs. Stopping it must leave no process behind.
 */
final class RunningPipeline implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    final Path root;
    final int port;
    private final int encoders;
    private final Process launcher;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final List<String> printed = new CopyOnWriteArrayList<>();

    private RunningPipeline(Path root, int port, int encoders, Process launcher) {
        this.root = root;
        this.port = port;
        this.encoders = encoders;
        this.launcher = launcher;
    }

    static RunningPipeline start() throws IOException, InterruptedException {
        return start(1, Map.of());
    }

    /**
     * @param settings environment of the launcher, and so of every service (e.g. {@code ENCODER_LEASE})
     * @param options  more of the launcher's options (e.g. {@code --fault-gates})
     */
    static RunningPipeline start(int encoders, Map<String, String> settings, String... options)
            throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath().resolve("../..").normalize();
        int port = freePorts(3 + encoders);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "infra/local/target/local-pipeline.jar", "--port", String.valueOf(port),
                "--encoders", String.valueOf(encoders)));
        command.addAll(List.of(options));
        var builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().putAll(settings);
        Process launcher = builder.start();
        var pipeline = new RunningPipeline(root, port, encoders, launcher);
        pipeline.echo(launcher.getInputStream());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!pipeline.ready.await(1, TimeUnit.SECONDS)) {
            if (!launcher.isAlive() || System.nanoTime() > deadline) {
                pipeline.close();
                throw new IllegalStateException(launcher.isAlive() ? "the pipeline did not start within " + START_TIMEOUT
                        : "the launcher exited before the pipeline was up (its output is above)");
            }
        }
        return pipeline;
    }

    /** The first line any service printed that matches {@code pattern}, waiting for it until the deadline. */
    Matcher awaitLine(Pattern pattern, Duration deadline) {
        return await().atMost(deadline).pollInterval(Duration.ofMillis(50))
                .until(() -> printed.stream().map(pattern::matcher).filter(Matcher::find).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    /** Every line the services printed so far that matches {@code pattern}. */
    List<String> lines(Pattern pattern) {
        return printed.stream().filter(line -> pattern.matcher(line).find()).toList();
    }

    /** The JVM of a service, by its name in the launcher's output ({@code encoder-2}): its watcher's child. */
    ProcessHandle service(String name) {
        return launcher.descendants()
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains("watch-" + name)).orElse(false))
                .flatMap(ProcessHandle::children)
                // The watcher's other child is the `sleep 1` of its loop: killing that would kill nothing.
                .filter(p -> p.info().command().map(command -> command.endsWith("java")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no service " + name));
    }

    /** The receiver's management port: health with details, metrics. */
    String management() {
        return "http://localhost:" + (port + 2 + encoders);
    }

    String site() {
        return "http://localhost:" + port;
    }

    /** A value of the emulators' state file (endpoints, queue URLs, the SES store). */
    String awsProperty(String key) {
        return awsProperties().getProperty(key);
    }

    /** The emulators' state file, what a service started beside the launcher's is configured from. */
    Properties awsProperties() {
        var properties = new Properties();
        try (InputStream in = Files.newInputStream(LocalPipeline.stateFile(root, port))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** Ctrl-C's path (SIGTERM to the launcher); then every process it started must be gone. */
    @Override
    public void close() {
        List<ProcessHandle> started = launcher.descendants().toList();
        launcher.destroy();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> !launcher.isAlive() && started.stream().noneMatch(ProcessHandle::isAlive));
    }

    private void echo(InputStream output) {
        Thread pump = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> {
                    printed.add(line);
                    System.out.println("[pipeline] " + line);
                    if (line.contains(LocalPipeline.READY_LINE)) {
                        ready.countDown();
                    }
                });
            } catch (IOException | UncheckedIOException ended) {
                // the launcher is gone
            }
        }, "pipeline-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** A base port with {@code count} free ports from it (receiver, mailer, encoders, receiver management). */
    static int freePorts(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            // Below Linux's ephemeral range (32768 up): an emulator's or a client's own port, taken
            // between this check and the services' start, cannot be one of these.
            int base = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IOException("no " + count + " free ports in a row");
    }

    private static boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (var socket = new ServerSocket(port)) {
                socket.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
