package dev.videopipeline.testpipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The local pipeline as a user starts it ({@code java -jar infra/local/target/local-pipeline.jar}),
 * in a process of its own with its services in theirs. Closing it is Ctrl-C's path: SIGTERM to the
 * launcher, then every process it started must be gone. The launcher gives the receiver the base
 * port, the mailer the next, encoder i the one after ({@code port + 1 + i}), then the receiver's
 * management port.
 */
public final class PipelineLauncher implements AutoCloseable {

    /** What the launcher prints once every service is healthy (infra/local's LauncherContractTest keeps it true). */
    public static final String READY_LINE = "video-pipeline is running";
    /** The services drain their last long poll (20 s), then the emulators stop. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    private final Path root;
    private final int port;
    private final int encoders;
    private final Process launcher;
    private final LauncherOutput output;
    private Properties aws;

    private PipelineLauncher(Builder settings, int port, Process launcher, LauncherOutput output) {
        this.root = settings.root;
        this.port = port;
        this.encoders = settings.encoders;
        this.launcher = launcher;
        this.output = output;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the emulators of the pipeline on {@code port} write their endpoints while they run. */
    public static Path stateFile(Path root, int port) {
        return root.resolve("target/local/" + port + "/endpoints.properties");
    }

    public Path root() {
        return root;
    }

    /** The receiver's port, the base of the others. */
    public int port() {
        return port;
    }

    public String site() {
        return "http://localhost:" + port;
    }

    /** The receiver's management port: health with details, metrics. */
    public String management() {
        return "http://localhost:" + (port + 2 + encoders);
    }

    /** Each encoder's Prometheus endpoint. */
    public List<URI> encoderMetrics() {
        return IntStream.rangeClosed(1, encoders)
                .mapToObj(i -> URI.create("http://localhost:" + (port + 1 + i) + "/prometheus")).toList();
    }

    /**
     * The emulators' state file: endpoints, region, their test keys, the queue URLs, the SES store.
     * Read once: the emulators write it before the services start and keep it while they run.
     */
    public synchronized Properties aws() {
        if (aws == null) {
            var properties = new Properties();
            try (InputStream in = Files.newInputStream(stateFile(root, port))) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            aws = properties;
        }
        var copy = new Properties();
        copy.putAll(aws);
        return copy;
    }

    public String awsProperty(String key) {
        return aws().getProperty(key);
    }

    /** CPU time the launcher and every process it started (emulators, services) have used so far. */
    public Duration cpuTime() {
        return Stream.concat(Stream.of(launcher.toHandle()), launcher.descendants())
                .map(process -> process.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** The JVM of a service, by its name in the launcher's output ({@code encoder-2}): its watcher's child. */
    public ProcessHandle service(String name) {
        return launcher.descendants()
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains("watch-" + name)).orElse(false))
                .flatMap(ProcessHandle::children)
                // The watcher's other child is the `sleep 1` of its loop: killing that would kill nothing.
                .filter(p -> p.info().command().map(command -> command.endsWith("java")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no service " + name));
    }

    /** The first line the pipeline printed that matches {@code pattern}, waiting for it until {@code timeout}. */
    public Matcher awaitLine(Pattern pattern, Duration timeout) {
        try {
            return output.awaitLine(pattern, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + pattern, e);
        }
    }

    /** Every line the pipeline printed so far that matches {@code pattern}. */
    public List<String> lines(Pattern pattern) {
        return output.lines(pattern);
    }

    @Override
    public void close() {
        List<ProcessHandle> started = launcher.descendants().toList();
        launcher.destroy();
        var allGone = CompletableFuture.allOf(Stream.concat(started.stream(), Stream.of(launcher.toHandle()))
                .map(ProcessHandle::onExit).toArray(CompletableFuture[]::new));
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

    /** How to start one. */
    public static final class Builder {

        private Path root = repositoryRoot();
        private int encoders = 1;
        private int port;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> options = new ArrayList<>();
        private Path log;
        private Duration startTimeout = Duration.ofMinutes(4);

        private Builder() {
        }

        /** The repository's root (default: the nearest above the working directory). */
        public Builder root(Path root) {
            this.root = root;
            return this;
        }

        public Builder encoders(int encoders) {
            this.encoders = encoders;
            return this;
        }

        /** The receiver's port (default: free ones below the ephemeral range for all the services). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Environment of the launcher, and so of every service (e.g. {@code ENCODER_LEASE}). */
        public Builder environment(Map<String, String> settings) {
            environment.putAll(settings);
            return this;
        }

        /** More of the launcher's options (e.g. {@code --fault-gates}). */
        public Builder options(String... more) {
            options.addAll(List.of(more));
            return this;
        }

        /** The file the output goes to (default: echoed on standard output and kept for {@link #awaitLine}). */
        public Builder log(Path log) {
            this.log = log;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Starts it and waits for its ready line. */
        public PipelineLauncher start() throws IOException, InterruptedException {
            int base = port != 0 ? port : Ports.belowEphemeral(3 + encoders);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", "infra/local/target/local-pipeline.jar", "--port", String.valueOf(base),
                    "--encoders", String.valueOf(encoders)));
            command.addAll(options);
            var builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process launcher = builder.start();
            launcher.getOutputStream().close();
            var output = LauncherOutput.read(launcher.getInputStream(), log);
            var pipeline = new PipelineLauncher(this, base, launcher, output);
            if (!output.awaitReady(startTimeout)) {
                boolean exited = output.ended() || !launcher.isAlive();
                pipeline.close();
                throw new IllegalStateException((exited ? "the launcher exited before the pipeline was up"
                        : "the pipeline did not start within " + startTimeout) + "; " + output.where());
            }
            return pipeline;
        }

        private static Path repositoryRoot() {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("infra/local")) && Files.exists(dir.resolve("mvnw"))) {
                    return dir;
                }
            }
            return Path.of("").toAbsolutePath();
        }
    }
}
