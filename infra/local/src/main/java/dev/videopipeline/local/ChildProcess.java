package dev.videopipeline.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One process of the local pipeline, its output echoed line by line behind its name. It runs
 * under a small shell that ends it when the launcher is gone, even killed with SIGKILL, so no
 * service outlives the launcher holding its port; the shell passes SIGTERM on.
 */
final class ChildProcess {

    private static final String WATCH_PARENT = """
            launcher=$1; shift
            "$@" &
            child=$!
            trap 'kill -TERM $child 2>/dev/null' TERM INT
            while kill -0 "$launcher" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
            kill -TERM $child 2>/dev/null
            wait $child
            """;
    private static final Duration STOP_GRACE = Duration.ofSeconds(25);

    private final String name;
    private final Process process;

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    static ChildProcess start(String name, String colour, List<String> command, Map<String, String> env, Path dir) {
        List<String> watched = new ArrayList<>(List.of("sh", "-c", WATCH_PARENT, "watch-" + name,
                String.valueOf(ProcessHandle.current().pid())));
        watched.addAll(command);
        var builder = new ProcessBuilder(watched).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            var child = new ChildProcess(name, builder.start());
            child.echo(colour);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String name() {
        return name;
    }

    /** SIGTERM, as ECS sends it, to the process and what it started. */
    void signalStop() {
        process.destroy();
    }

    /** Waits for the process to end after {@link #signalStop()}; SIGKILL once the grace period is over. */
    void awaitStop() {
        List<ProcessHandle> tree = process.descendants().toList();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void echo(String colour) {
        String prefix = Console.colour(colour, String.format("%-9s|", name)) + " ";
        Thread pump = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> System.out.println(prefix + line));
            } catch (IOException | UncheckedIOException ignored) {
                // the process ended; nothing more to echo
            }
        }, name + "-output");
        pump.setDaemon(true);
        pump.start();
    }
}
