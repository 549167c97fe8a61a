package dev.videopipeline.localaws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the AWS API emulators (SQS, S3, DynamoDB, SES v2) on loopback ports, provisions the
 * pipeline's resources in them, writes the endpoints to a state file, and prints
 * {@code LOCAL_AWS_READY <state file>}. Runs in a JVM of its own, so the emulators' libraries never
 * meet a service's classpath. With {@code --localstack-endpoint URL} S3, SQS and DynamoDB are
 * LocalStack's (provisioned there) and only the SES emulator runs here: community LocalStack has no
 * SES v2, and the sent mail keeps one shape.
 */
public final class LocalAwsServer {

    private static final Logger log = LoggerFactory.getLogger(LocalAwsServer.class);

    private final ServerOptions options;
    private final StateFileWriter stateFile;
    private Runnable stopEmulators;
    private Faults faults;
    private Path scratchDir;
    private boolean stateWritten;
    private boolean stopped;

    private LocalAwsServer(ServerOptions options) {
        this.options = options;
        this.stateFile = new StateFileWriter(options.stateFile());
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        if (List.of(args).contains("--help")) {
            System.out.print(ServerOptions.USAGE);
            return;
        }
        ServerOptions options;
        try {
            options = ServerOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(ServerOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            new LocalAwsServer(options).run(started);
        } catch (Exception e) {
            log.error("local AWS failed: {}", e.toString(), e);
            System.exit(1);
        }
    }

    private void run(long started) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "local-aws-stop"));
        CountDownLatch stopRequested = new CountDownLatch(1);
        options.parentPid().ifPresent(pid -> StopTriggers.onParentExit(pid, stopRequested::countDown));

        Endpoints endpoints = startEmulators();
        QueueUrls queues = provision(endpoints, options.resources());
        URI faultsUrl = null;
        if (options.faultGates()) {
            Faults gates = startFaultGates(endpoints);
            endpoints = gates.endpoints(endpoints);
            queues = queues.at(endpoints.sqs());
            faultsUrl = gates.url();
        }
        writeState(StateFileWriter.properties(endpoints, options.resources(), queues, faultsUrl,
                ProcessHandle.current().pid()));
        printReady(endpoints, faultsUrl, stateFile, started);

        stopRequested.await();
        System.exit(0); // the shutdown hook stops everything
    }

    private synchronized Endpoints startEmulators() throws Exception {
        Path sesDir = options.sesDir().orElseGet(LocalAwsServer::defaultSesDir);
        if (options.localStackEndpoint().isPresent()) {
            URI edge = options.localStackEndpoint().get();
            SesEmulator ses = SesEmulator.start(options.ports().ses(), sesDir);
            stopEmulators = ses::close;
            return new Endpoints(edge, edge, edge, ses.endpoint(), ses.store());
        }
        Path s3Dir;
        Optional<Path> dynamoDbDir;
        if (options.dataDir().isPresent()) {
            s3Dir = options.dataDir().get().resolve("s3");
            dynamoDbDir = Optional.of(options.dataDir().get().resolve("dynamodb"));
        } else {
            // Beside the state file (target/local-aws/<pid>/), not in /tmp: a killed run's leftovers stay in target/.
            scratchDir = stateFile.path().getParent().resolve(String.valueOf(ProcessHandle.current().pid()));
            Files.createDirectories(scratchDir);
            s3Dir = scratchDir.resolve("s3");
            dynamoDbDir = Optional.empty();
        }
        Emulators emulators = Emulators.start(options.ports(), s3Dir, dynamoDbDir, sesDir);
        stopEmulators = emulators::close;
        return emulators.endpoints();
    }

    /** In front of the emulators, so a drill can cut the services off while the emulators keep their state. */
    private synchronized Faults startFaultGates(Endpoints emulators) throws IOException {
        faults = Faults.start(emulators);
        return faults;
    }

    private static QueueUrls provision(Endpoints endpoints, Resources resources) {
        try (Provisioner provisioner = new Provisioner(endpoints)) {
            return provisioner.provision(resources);
        }
    }

    /** The dist layout puts the npm install beside lib/; from target/classes it is the module's ses/. */
    private static Path defaultSesDir() {
        try {
            Path codeSource = Path.of(LocalAwsServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return codeSource.getParent().getParent().resolve("ses");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the ses directory; pass --ses-dir", e);
        }
    }

    private static void printReady(Endpoints endpoints, URI faults, StateFileWriter stateFile, long started) {
        long readyMillis = (System.nanoTime() - started) / 1_000_000;
        long jvmMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        System.out.print("""

                Local AWS ready in %d ms (JVM up %d ms)
                  S3        %s
                  SQS       %s
                  DynamoDB  %s
                  SES v2    %s   sent mail: %s
                %s  state     %s
                LOCAL_AWS_READY %s
                """.formatted(readyMillis, jvmMillis, endpoints.s3(), endpoints.sqs(), endpoints.dynamoDb(),
                endpoints.sesV2(), endpoints.sesStore(),
                faults == null ? "" : "  faults    " + faults + "/faults   (the endpoints above are fault gates)\n",
                stateFile.path(), stateFile.path()));
        System.out.flush();
    }

    /** Unless a stop came first: the file must not outlive the emulators. */
    private synchronized void writeState(Map<String, String> properties) {
        if (!stopped) {
            stateFile.write(properties);
            stateWritten = true;
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        // The state file goes first: nobody should pick up endpoints that are going away.
        if (stateWritten) {
            stateFile.delete();
        }
        if (faults != null) {
            faults.close();
        }
        if (stopEmulators != null) {
            stopEmulators.run();
        }
        if (scratchDir != null) {
            deleteRecursively(scratchDir);
        }
        log.info("stopped");
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
