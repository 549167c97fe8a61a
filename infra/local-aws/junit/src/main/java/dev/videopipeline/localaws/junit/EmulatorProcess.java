package dev.videopipeline.localaws.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The emulators' own JVM ({@code dev.videopipeline.localaws.LocalAwsServer}), a child of this one: its
 * libraries never meet the test classpath, and {@code --parent-pid} makes it stop by itself when
 * this JVM dies, however it dies. Its output goes to a log file under target/local-aws/.
 */
final class EmulatorProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final AtomicInteger LAUNCHES = new AtomicInteger();
    private static final String MAIN_CLASS = "dev.videopipeline.localaws.LocalAwsServer";
    private static final List<String> QUICK_START = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Process process;
    private final Path stateFile;
    private final Map<String, String> properties;

    private EmulatorProcess(Process process, Path stateFile, Map<String, String> properties) {
        this.process = process;
        this.stateFile = stateFile;
        this.properties = properties;
    }

    /**
     * Starts the emulators and returns once their resources are provisioned. {@code quickStart}: C1
     * only and the serial collector, small and quick to start for one test JVM's traffic; without it
     * the JVM's defaults, as the launcher runs them, for a benchmark's throughput.
     */
    static EmulatorProcess start(Path home, boolean quickStart) {
        return launch(home, "emulators", quickStart ? QUICK_START : List.of(), List.of());
    }

    /** Provisions LocalStack at {@code endpoint} and runs the SES emulator beside it (LocalStack has no SES v2). */
    static EmulatorProcess startBeside(Path home, URI localStack) {
        return launch(home, "localstack", QUICK_START, List.of("--localstack-endpoint", localStack.toString()));
    }

    private static EmulatorProcess launch(Path home, String name, List<String> jvmOptions, List<String> arguments) {
        long pid = ProcessHandle.current().pid();
        int launch = LAUNCHES.getAndIncrement();
        String id = name + "-" + pid + (launch == 0 ? "" : "-" + launch); // a second one must not take the first one's files
        Path dir = Path.of("target", "local-aws").toAbsolutePath();
        Path stateFile = dir.resolve(id + ".properties");
        Path log = dir.resolve(id + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", home.resolve("lib") + "/*",
                MAIN_CLASS,
                "--state-file", stateFile.toString(),
                "--parent-pid", String.valueOf(pid)));
        command.addAll(arguments);
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(stateFile); // a leftover must not pass for this run's
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new EmulatorProcess(process, stateFile, awaitState(process, stateFile, log));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + MAIN_CLASS + "; see " + log, e);
        }
    }

    /** Polls for the state file, which appears whole once everything is ready. */
    private static Map<String, String> awaitState(Process process, Path stateFile, Path log) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        try {
            while (!Files.exists(stateFile)) {
                if (!process.isAlive() && !Files.exists(stateFile)) {
                    throw new IllegalStateException("local AWS exited with code " + process.exitValue()
                            + " before it was ready; see " + log);
                }
                if (Instant.now().isAfter(deadline)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("local AWS was not ready within " + START_TIMEOUT.toSeconds()
                            + " s; see " + log);
                }
                process.waitFor(100, TimeUnit.MILLISECONDS); // returns at once if it exits
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while local AWS was starting", e);
        }
        return StateFile.read(stateFile);
    }

    Map<String, String> properties() {
        return properties;
    }

    /**
     * SIGTERM: the process stops its emulators (and their node child) and deletes its state file and
     * scratch directory. SIGKILL if it has not done so after a short grace.
     */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
            Files.deleteIfExists(stateFile);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + stateFile, e);
        }
    }
}
