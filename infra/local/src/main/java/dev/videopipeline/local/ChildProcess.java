package dev.videopipeline.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One process of the local pipeline, its output echoed line by line behind its name. */
final class ChildProcess {

    private final String name;
    private final Process process;

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    static ChildProcess start(String name, String colour, List<String> command, Map<String, String> env, Path dir) {
        var builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
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

    /** SIGTERM, as ECS sends it; SIGKILL if it has not stopped after the grace period. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
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
