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
 * The local pipeline in one command: the AWS emulators, then the receiver, the mailer and the
 * encoders, each in its own JVM as in production, wired by the emulators' state file. Ctrl-C stops
 * them all; so does the launcher's death, however it dies (each child watches it).
 *
 * <pre>java -jar infra/local/target/local-pipeline.jar [--port 8080] [--encoders 1] [--data-dir DIR] [--sample] [--fault-gates] [--pin-encoders]</pre>
 */
public final class LocalPipeline {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** Printed when everything is up: what scripts and tests wait for. */
    static final String READY_LINE = "video-pipeline is running";

    private final Path root;
    private final LaunchOptions options;
    private final List<ChildProcess> children = new ArrayList<>();

    private LocalPipeline(Path root, LaunchOptions options) {
        this.root = root;
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (RuntimeException badArguments) {
            System.err.println(badArguments.getMessage() + "\n" + LaunchOptions.USAGE);
            System.exit(2);
            return;
        }
        var pipeline = new LocalPipeline(projectRoot(), options);
        Runtime.getRuntime().addShutdownHook(new Thread(pipeline::stop, "stop-pipeline"));
        pipeline.run();
    }

    private void run() throws Exception {
        Instant started = Instant.now();
        // One per port, so pipelines side by side (a test's and a developer's) keep their own.
        Path stateFile = stateFile(root, options.port());
        deleteIfExists(stateFile);
        // A fresh key each run, shared by every receiver of this one (devTokensKey).
        deleteIfExists(devTokensKey(root, options.port()));
        children.add(ChildProcess.start("aws", "36", emulatorCommand(stateFile), Map.of(), root));
        await("the AWS emulators", () -> Files.exists(stateFile));
        Properties aws = load(stateFile);

        String site = "http://localhost:" + options.port();
        // The local environment signs anyone in by address (dev tokens), where AWS has Cognito.
        children.add(receiver(root, "receiver", aws, options.port(), options.port(), options.managementPort()));
        children.add(service(root, "mailer", "mailer", "33", aws,
                Map.of("MAILER_PORT", String.valueOf(options.mailerPort()), "PIPELINE_PUBLIC_BASE_URL", site,
                        "PIPELINE_MEDIA_BASE_URL", site)));
        for (int i = 1; i <= options.encoders(); i++) {
            children.add(encoder(root, options.encoders() == 1 ? "encoder" : "encoder-" + i, aws,
                    options.encoderPort(i), options.pinEncoders() ? List.of("taskset", "-c", String.valueOf(
                            (i - 1) % Runtime.getRuntime().availableProcessors())) : List.of()));
        }
        await("the receiver", () -> ok("http://localhost:" + options.managementPort() + "/health/readiness"));
        await("the mailer", () -> ok("http://localhost:" + options.mailerPort() + "/health"));
        for (int i = 1; i <= options.encoders(); i++) {
            int port = options.encoderPort(i);
            await("encoder " + i, () -> ok("http://localhost:" + port + "/health"));
        }

        printBanner(aws, Duration.between(started, Instant.now()));
        if (options.sample()) {
            new SampleUpload(root, site).run();
        }
        new CountDownLatch(1).await();
    }

    /**
     * A receiver of the pipeline whose site is on {@code sitePort}; more than one may run (a rolling
     * update drill starts them behind a load balancer), and they share the dev tokens' key.
     */
    static ChildProcess receiver(Path root, String name, Properties aws, int sitePort, int port, int managementPort) {
        return service(root, name, "receiver", "32", aws, Map.of("RECEIVER_PORT", String.valueOf(port),
                "PIPELINE_MEDIA_BASE_URL", "http://localhost:" + sitePort,
                "RECEIVER_MANAGEMENT_PORT", String.valueOf(managementPort),
                "PIPELINE_AUTH_DEV_TOKENS_KEY_FILE", devTokensKey(root, sitePort).toString(),
                "MICRONAUT_ENVIRONMENTS", "local"));
    }

    /**
     * @param launcher what runs the JVM, such as {@code taskset -c 1}: FFmpeg, x264 and the JVM then
     *                 size their threads to that one core
     */
    static ChildProcess encoder(Path root, String name, Properties aws, int port, List<String> launcher) {
        return service(root, name, "encoder", "35", aws, Map.of("ENCODER_PORT", String.valueOf(port)), launcher);
    }

    private static ChildProcess service(Path root, String name, String module, String colour, Properties aws,
                                        Map<String, String> settings) {
        return service(root, name, module, colour, aws, settings, List.of());
    }

    /** A service as ECS runs it: its own JVM, configured through the environment (out of sight of ps). */
    private static ChildProcess service(Path root, String name, String module, String colour, Properties aws,
                                        Map<String, String> settings, List<String> launcher) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("LOG_FORMAT", "text");
        env.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
        aws.forEach((key, value) -> env.put(environmentName(key.toString()), value.toString()));
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(java(), "-cp", module + "/target/" + module + ".jar:"
                + module + "/target/lib/*", "dev.videopipeline." + module + "." + Character.toUpperCase(module.charAt(0))
                + module.substring(1) + "Application"));
        return ChildProcess.start(name, colour, command, env, root);
    }

    private List<String> emulatorCommand(Path stateFile) {
        Path dist = root.resolve("infra/local-aws/emulators/target/dist");
        List<String> command = new ArrayList<>(List.of(java(), "-cp", dist.resolve("lib") + "/*",
                "dev.videopipeline.localaws.LocalAwsServer", "--state-file", stateFile.toString(),
                "--parent-pid", String.valueOf(ProcessHandle.current().pid())));
        if (options.dataDir() != null) {
            command.addAll(List.of("--data-dir", options.dataDir().toString()));
        }
        if (options.faultGates()) {
            command.add("--fault-gates");
        }
        return command;
    }

    private void printBanner(Properties aws, Duration startup) {
        String site = "http://localhost:" + options.port();
        String encoderPorts = options.encoders() == 1 ? String.valueOf(options.encoderPort(1))
                : options.encoderPort(1) + "-" + options.encoderPort(options.encoders());
        System.out.println(Console.colour("1", """

                %s (started in %.1f s)
                  Web page       %s/
                  API            %s/videos   (Swagger UI: %s/swagger-ui/index.html)
                  Mail viewer    %s
                  Media          %s/media/<video id>/…   (from the media bucket, %s)
                  Health         receiver :%d/health/readiness (and /prometheus), mailer :%d, encoders :%s
                %s  Stop           Ctrl-C
                """.formatted(READY_LINE, startup.toMillis() / 1000.0, site, site, site,
                aws.getProperty("local-aws.ses-store-url", "").replaceFirst("/store$", "/"),
                site, options.dataDir() == null ? "in memory, gone at stop; --data-dir DIR keeps it"
                        : "kept in " + options.dataDir(),
                options.managementPort(), options.mailerPort(), encoderPorts,
                options.faultGates() ? "  AWS outages    curl -X POST '" + aws.getProperty("local-aws.faults-url")
                        + "/faults/sqs?seconds=10'   (or s3, dynamodb, sesv2)\n" : "")));
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

    /**
     * The services all at once (each drains its last long poll, up to 20 s, as on ECS), then the
     * emulators they were draining against.
     */
    private void stop() {
        List<ChildProcess> services = children.size() > 1 ? children.subList(1, children.size()) : List.of();
        services.forEach(ChildProcess::signalStop);
        services.forEach(ChildProcess::awaitStop);
        if (!children.isEmpty()) {
            children.get(0).signalStop();
            children.get(0).awaitStop();
        }
    }

    /** Where the emulators of the pipeline on {@code port} write their endpoints while they run. */
    static Path stateFile(Path root, int port) {
        return root.resolve("target/local/" + port + "/endpoints.properties");
    }

    /** The dev tokens' signing key of the pipeline on {@code port}, which all its receivers share. */
    static Path devTokensKey(Path root, int port) {
        return root.resolve("target/local/" + port + "/dev-tokens.key");
    }

    /** {@code aws.services.s3.endpoint-override} → {@code AWS_SERVICES_S3_ENDPOINT_OVERRIDE}, which Micronaut maps back. */
    private static String environmentName(String property) {
        return property.replaceAll("[.-]", "_").toUpperCase(Locale.ROOT);
    }

    /** Whether {@code url} answers 200 within 2 s (a service's health, say). */
    static boolean ok(String url) {
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
