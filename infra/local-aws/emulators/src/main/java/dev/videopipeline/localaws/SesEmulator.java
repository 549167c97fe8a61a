package dev.videopipeline.localaws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SES v2: aws-ses-v2-local, a Node.js child process. Sent mail is kept in memory and served as
 * JSON at {@code /store}, with a mail viewer at {@code /}. The child leaves with this JVM: it is
 * stopped on close, and {@code run.js} exits by itself when this JVM's end of its stdin closes,
 * even after a kill -9.
 */
final class SesEmulator implements Emulator {

    private static final Logger log = LoggerFactory.getLogger(SesEmulator.class);
    private static final Pattern RUNNING = Pattern.compile("server running at http://[^:]+:(\\d+)");
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final int MIN_NODE_MAJOR = 18;

    // What GetAccount answers; the emulator rejects the call without it.
    private static final String ACCOUNT = """
            {"DedicatedIpAutoWarmupEnabled":false,"EnforcementStatus":"HEALTHY",
             "ProductionAccessEnabled":true,"SendingEnabled":true,
             "SendQuota":{"Max24HourSend":50000,"MaxSendRate":14,"SentLast24Hours":0},
             "SuppressionAttributes":{"SuppressedReasons":[]},
             "Details":{"AdditionalContactEmailAddresses":[],"ContactLanguage":"EN","MailType":"TRANSACTIONAL",
                        "ReviewDetails":{"CaseId":"local","Status":"GRANTED"},
                        "UseCaseDescription":"local development","WebsiteURL":"http://localhost"}}
            """;

    private final Process process;
    private final URI endpoint;
    private volatile boolean stopping;

    private SesEmulator(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts on {@code port}, or on a free one when it is 0, from the npm install in {@code sesDir}. */
    static SesEmulator start(int port, Path sesDir) throws Exception {
        Path script = sesDir.resolve("run.js");
        if (!Files.isRegularFile(sesDir.resolve("node_modules/aws-ses-v2-local/dist/cli.js"))) {
            throw new IllegalStateException("aws-ses-v2-local is not installed in " + sesDir
                    + "; build infra/local-aws (it runs npm ci) or run npm ci there");
        }
        checkNodeVersion();
        ProcessBuilder builder = new ProcessBuilder("node", script.toString(),
                "--host", "127.0.0.1", "--port", String.valueOf(port));
        builder.environment().put("AWS_SES_ACCOUNT", ACCOUNT);
        Process process = builder.start();
        try {
            int boundPort = awaitPort(process);
            SesEmulator emulator = new SesEmulator(process, Emulator.loopback(boundPort));
            process.onExit().thenAccept(exited -> {
                if (!emulator.stopping) {
                    log.warn("aws-ses-v2-local exited unexpectedly with code {}", exited.exitValue());
                }
            });
            return emulator;
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** aws-ses-v2-local needs Node.js 18 or later; say so plainly rather than fail in its code. */
    private static void checkNodeVersion() throws Exception {
        String version;
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            node.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run node: the SES emulator needs Node.js " + MIN_NODE_MAJOR
                    + " or later on the PATH", e);
        }
        Matcher major = Pattern.compile("^v(\\d+)\\.").matcher(version);
        if (!major.find() || Integer.parseInt(major.group(1)) < MIN_NODE_MAJOR) {
            throw new IllegalStateException("the SES emulator needs Node.js " + MIN_NODE_MAJOR
                    + " or later; node --version says '" + version + "'");
        }
    }

    /** Reads the child's output until it says where it listens; keeps logging it (stderr at WARN) afterwards. */
    private static int awaitPort(Process process) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuffer output = new StringBuffer();
        Thread stdout = drain(process.getInputStream(), "ses-emulator-stdout", line -> {
            log.info("node: {}", line);
            output.append(line).append('\n');
            Matcher running = RUNNING.matcher(line);
            if (running.find()) {
                port.complete(Integer.parseInt(running.group(1)));
            }
        });
        drain(process.getErrorStream(), "ses-emulator-stderr", line -> {
            log.warn("node: {}", line);
            output.append(line).append('\n');
        });
        process.onExit().thenRun(() -> {
            try {
                stdout.join(1000); // the last lines, for the message
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            port.completeExceptionally(new IllegalStateException(
                    "aws-ses-v2-local exited with code " + process.exitValue() + ": " + output));
        });
        try {
            return port.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (IllegalStateException) e.getCause();
        } catch (TimeoutException e) {
            throw new IllegalStateException("aws-ses-v2-local did not start in " + START_TIMEOUT_SECONDS + " s", e);
        }
    }

    private static Thread drain(InputStream stream, String name, Consumer<String> onLine) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                log.debug("node output closed: {}", e.toString());
            }
        }, name);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    public URI store() {
        return endpoint.resolve("/store");
    }

    @Override
    public void close() {
        stopping = true;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
