package dev.videopipeline.localaws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        ProcessBuilder builder = new ProcessBuilder("node", script.toString(),
                "--host", "127.0.0.1", "--port", String.valueOf(port))
                .redirectErrorStream(true);
        builder.environment().put("AWS_SES_ACCOUNT", ACCOUNT);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run node: Node.js must be on the PATH", e);
        }
        try {
            int boundPort = awaitPort(process);
            return new SesEmulator(process, Emulator.loopback(boundPort));
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Reads the child's output until it says where it listens; keeps draining it afterwards. */
    private static int awaitPort(Process process) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            StringBuilder output = new StringBuilder();
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    log.debug("node: {}", line);
                    output.append(line).append('\n');
                    Matcher running = RUNNING.matcher(line);
                    if (running.find()) {
                        port.complete(Integer.parseInt(running.group(1)));
                    }
                }
            } catch (IOException e) {
                log.debug("node output closed: {}", e.toString());
            }
            port.completeExceptionally(new IllegalStateException("aws-ses-v2-local exited: " + output));
        }, "ses-emulator-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return port.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (IllegalStateException) e.getCause();
        } catch (TimeoutException e) {
            throw new IllegalStateException("aws-ses-v2-local did not start in " + START_TIMEOUT_SECONDS + " s", e);
        }
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
