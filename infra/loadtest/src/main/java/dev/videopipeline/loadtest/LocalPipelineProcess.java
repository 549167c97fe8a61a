package dev.videopipeline.loadtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The local pipeline as {@code infra/local/run} starts it ({@code java -jar local-pipeline.jar}),
 * in a process of its own whose output goes to a log file. Closing it is Ctrl-C's path: SIGTERM to
 * the launcher, then every process it started must be gone. The scale-out experiment and the
 * Gatling test's short runs both use it.
 */
public final class LocalPipelineProcess implements AutoCloseable {

    /** What the launcher prints once every service is healthy (LocalPipeline.READY_LINE). */
    static final String READY_LINE = "video-pipeline is running";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    /** The launcher's services drain their last long poll (20 s), then the emulators stop. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    private final Path root;
    private final int port;
    private final int encoders;
    private final Process launcher;
    private final CountDownLatch ready = new CountDownLatch(1);

    private LocalPipelineProcess(Path root, int port, int encoders, Process launcher) {
        this.root = root;
        this.port = port;
        this.encoders = encoders;
        this.launcher = launcher;
    }

    /** The per-owner limits lifted, for a load of many users that one owner's token carries. */
    public static final Map<String, String> ONE_OWNER_FOR_MANY = Map.of(
            "PIPELINE_QUOTA_VIDEOS_IN_FLIGHT", "100",
            "PIPELINE_UPLOAD_MAX_CONCURRENT_PER_OWNER", "16",
            "PIPELINE_QUOTA_ENCODES_AT_ONCE", "16",
            "PIPELINE_QUOTA_SOURCE_SECONDS_PER_DAY", "1000000");

    public static LocalPipelineProcess start(Path root, int port, int encoders, Path log)
            throws IOException, InterruptedException {
        var command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "infra/local/target/local-pipeline.jar", "--port", String.valueOf(port),
                "--encoders", String.valueOf(encoders))
                .directory(root.toFile()).redirectErrorStream(true);
        // A load test is one owner uploading for many: the per-owner limits (in flight, uploads and
        // encodes at once, seconds a day) would refuse or queue the burst that measures the fleet.
        command.environment().putAll(ONE_OWNER_FOR_MANY);
        Process launcher = command.start();
        launcher.getOutputStream().close();
        var pipeline = new LocalPipelineProcess(root, port, encoders, launcher);
        pipeline.copyOutput(launcher.getInputStream(), Files.newBufferedWriter(log));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!pipeline.ready.await(1, TimeUnit.SECONDS)) {
            if (!launcher.isAlive() || System.nanoTime() > deadline) {
                pipeline.close();
                throw new IllegalStateException((launcher.isAlive() ? "the pipeline did not start within " + START_TIMEOUT
                        : "the launcher exited before the pipeline was up") + "; its output is in " + log);
            }
        }
        return pipeline;
    }

    public String site() {
        return "http://localhost:" + port;
    }

    /** Each encoder's Prometheus endpoint: the launcher gives encoder i the port {@code port + 1 + i}. */
    public List<URI> encoderMetrics() {
        return IntStream.rangeClosed(1, encoders).mapToObj(i -> URI.create("http://localhost:" + (port + 1 + i)
                + "/prometheus")).toList();
    }

    /** CPU time the launcher and every process it started (emulators, services) have used so far. */
    public Duration cpuTime() {
        return Stream.concat(Stream.of(launcher.toHandle()), launcher.descendants())
                .map(process -> process.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** The emulators' state file: endpoints, region, their test keys, the queue URLs. */
    public Properties aws() {
        var properties = new Properties();
        try (InputStream in = Files.newInputStream(root.resolve("target/local/" + port + "/endpoints.properties"))) {
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> started = launcher.descendants().toList();
        launcher.destroy();
        var allGone = CompletableFuture.allOf(started.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                .thenCombine(launcher.onExit(), (a, b) -> b);
        try {
            allGone.get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            started.forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
            throw new IllegalStateException("the pipeline did not stop within " + STOP_TIMEOUT + "; killed it");
        } catch (InterruptedException e) {
            started.forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A base port with the ports the launcher takes after it ({@code 3 + encoders}) free too; random,
     * so that it meets no other run's pipeline.
     */
    public static int freeBasePort(int encoders) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            // Below Linux's ephemeral range (32768 up): an emulator's or a client's own port, taken
            // between this check and the services' start, cannot be one of these.
            int base = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            if (allFree(base, 3 + encoders)) {
                return base;
            }
        }
        throw new IOException("no " + (3 + encoders) + " free ports in a row");
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

    private void copyOutput(InputStream output, Writer log) {
        Thread pump = new Thread(() -> {
            try (log; var lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    log.write(line);
                    log.write('\n');
                    log.flush();
                    if (line.contains(READY_LINE)) {
                        ready.countDown();
                    }
                }
            } catch (IOException ended) {
                // the launcher is gone
            }
        }, "pipeline-output");
        pump.setDaemon(true);
        pump.start();
    }
}
