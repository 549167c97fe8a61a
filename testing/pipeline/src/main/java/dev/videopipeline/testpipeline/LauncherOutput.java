package dev.videopipeline.testpipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launcher's output, read on a thread of its own: written to a log file, or echoed and kept so
 * that a test can wait for a line. Waiting is on this object's monitor, woken by every line.
 */
final class LauncherOutput {

    private final Path log;
    private final List<String> kept = new ArrayList<>();
    private boolean ready;
    private boolean ended;

    private LauncherOutput(Path log) {
        this.log = log;
    }

    /** @param log the file the output goes to; null to echo it on standard output and keep it */
    static LauncherOutput read(InputStream output, Path log) throws IOException {
        var reader = new LauncherOutput(log);
        Writer file = log == null ? null : Files.newBufferedWriter(log);
        Thread pump = new Thread(() -> reader.pump(output, file), "pipeline-output");
        pump.setDaemon(true);
        pump.start();
        return reader;
    }

    /** @return whether the ready line came within {@code timeout}; false once the output ended without it */
    synchronized boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); !ready && !ended && left > 0; left = deadline - System.nanoTime()) {
            wait(Math.max(1, left / 1_000_000));
        }
        return ready;
    }

    /** The first kept line that matches {@code pattern}, waiting for it until {@code timeout}. */
    synchronized Matcher awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        requireKept();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int checked = 0; ; ) {
            for (; checked < kept.size(); checked++) {
                Matcher matcher = pattern.matcher(kept.get(checked));
                if (matcher.find()) {
                    return matcher;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || ended) {
                throw new IllegalStateException("no line of the pipeline's matched " + pattern + " within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Whether the output has ended: the launcher is gone, or going. */
    synchronized boolean ended() {
        return ended;
    }

    synchronized List<String> lines(Pattern pattern) {
        requireKept();
        return kept.stream().filter(line -> pattern.matcher(line).find()).toList();
    }

    /** Where the output is, for an error message. */
    String where() {
        return log == null ? "its output is above" : "its output is in " + log;
    }

    private void requireKept() {
        if (log != null) {
            throw new IllegalStateException("the pipeline's output goes to " + log + ", not kept");
        }
    }

    private void pump(InputStream output, Writer file) {
        try (var lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (file != null) {
                    file.write(line);
                    file.write('\n');
                    file.flush();
                } else {
                    System.out.println("[pipeline] " + line);
                }
                arrived(line);
            }
        } catch (IOException ended) {
            // the launcher is gone
        } finally {
            close(file);
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    private synchronized void arrived(String line) {
        if (log == null) {
            kept.add(line);
        }
        ready |= line.contains(PipelineLauncher.READY_LINE);
        notifyAll();
    }

    private static void close(Writer file) {
        if (file == null) {
            return;
        }
        try {
            file.close();
        } catch (IOException ignored) {
            // the lines written so far are what there is
        }
    }
}
