package dev.videopipeline.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/**
 * The local pipeline in one command: the AWS emulators, then the receiver and the encoder, each in
 * its own JVM as in production, wired by the emulators' state file. Ctrl-C stops them all.
 *
 * <pre>java -jar infra/local/target/local-pipeline.jar [--port 8080] [--data-dir DIR]</pre>
 */
public final class LocalPipeline {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path root;
    private final int port;
    private final Path dataDir;
    private final List<ChildProcess> children = new ArrayList<>();

    private LocalPipeline(Path root, int port, Path dataDir) {
        this.root = root;
        this.port = port;
        this.dataDir = dataDir;
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 8080;
        Path dataDir = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(args[++i]);
                    case "--data-dir" -> dataDir = Path.of(args[++i]).toAbsolutePath();
                    default -> throw new IllegalArgumentException(args[i]);
                }
            }
        } catch (RuntimeException badArguments) {
            System.err.println("usage: local-pipeline [--port 8080] [--data-dir DIR]");
            System.exit(2);
        }
        var pipeline = new LocalPipeline(projectRoot(), port, dataDir);
        Runtime.getRuntime().addShutdownHook(new Thread(pipeline::stop, "stop-pipeline"));
        pipeline.run();
    }

    private void run() throws InterruptedException {
        Instant started = Instant.now();
        Path stateFile = root.resolve("target/local/endpoints.properties");
        deleteIfExists(stateFile);
        children.add(ChildProcess.start("aws", "36", emulatorCommand(stateFile), Map.of(), root));
        await("the AWS emulators", () -> Files.exists(stateFile));
        Properties aws = load(stateFile);

        children.add(service("receiver", "32", "dev.videopipeline.receiver.Application", aws,
                Map.of("RECEIVER_PORT", String.valueOf(port), "PIPELINE_MEDIA_BASE_URL", "http://localhost:" + port)));
        await("the receiver", () -> ok("http://localhost:" + port + "/health/readiness"));
        children.add(service("encoder", "35", "dev.videopipeline.encoder.Application", aws,
                Map.of("ENCODER_PORT", String.valueOf(port + 1))));
        await("the encoder", () -> ok("http://localhost:" + (port + 1) + "/health"));

        printBanner(aws, Duration.between(started, Instant.now()));
        new CountDownLatch(1).await();
    }

    /** A service as ECS runs it: its own JVM, configured through the environment (out of sight of ps). */
    private ChildProcess service(String name, String colour, String mainClass, Properties aws,
                                 Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("LOG_FORMAT", "text");
        env.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
        aws.forEach((key, value) -> env.put(environmentName(key.toString()), value.toString()));
        return ChildProcess.start(name, colour, List.of(java(), "-cp",
                name + "/target/" + name + ".jar:" + name + "/target/lib/*", mainClass), env, root);
    }

    private List<String> emulatorCommand(Path stateFile) {
        Path dist = root.resolve("infra/local-aws/emulators/target/dist");
        List<String> command = new ArrayList<>(List.of(java(), "-cp", dist.resolve("lib") + "/*",
                "dev.videopipeline.localaws.LocalAws", "--state-file", stateFile.toString(),
                "--parent-pid", String.valueOf(ProcessHandle.current().pid())));
        if (dataDir != null) {
            command.addAll(List.of("--data-dir", dataDir.toString()));
        }
        return command;
    }

    private void printBanner(Properties aws, Duration startup) {
        String api = "http://localhost:" + port;
        String sesStore = aws.getProperty("local-aws.ses-store-url", "");
        System.out.println(Console.colour("1", """

                video-pipeline is running (started in %.1f s)
                  API            %s/videos   (encoder health on port %d)
                  Swagger UI     %s/swagger-ui/index.html
                  Health         %s/health/readiness
                  Mail viewer    %s
                  Data           %s
                  Stop           Ctrl-C
                """.formatted(startup.toMillis() / 1000.0, api, port + 1, api, api,
                sesStore.replaceFirst("/store$", "/"),
                dataDir == null ? "in memory, gone at stop (--data-dir DIR keeps it)" : dataDir)));
    }

    private void await(String what, BooleanSupplier ready) throws InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!ready.getAsBoolean()) {
            for (ChildProcess child : children) {
                if (!child.isAlive()) {
                    throw new IllegalStateException(child.name() + " exited while waiting for " + what);
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(what + " did not become ready within " + START_TIMEOUT);
            }
            Thread.sleep(200);
        }
    }

    /** Services first, emulators last, each given time to drain as ECS would. */
    private void stop() {
        for (int i = children.size() - 1; i >= 0; i--) {
            children.get(i).stop();
        }
    }

    /** {@code aws.services.s3.endpoint-override} → {@code AWS_SERVICES_S3_ENDPOINT_OVERRIDE}, which Micronaut maps back. */
    private static String environmentName(String property) {
        return property.replaceAll("[.-]", "_").toUpperCase(Locale.ROOT);
    }

    private static boolean ok(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Properties load(Path file) {
        var properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The checkout this jar was built in: the launcher starts the other modules' build outputs. */
    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("infra/local/pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the video-pipeline checkout");
        }
        return dir;
    }
}
