package dev.videopipeline.localaws;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB: DynamoDB Local in this JVM, in memory or in {@code dataDir}. One shared database, so
 * every client sees the same tables whatever its region or credentials. It takes no bind address
 * and no port 0: it listens on all interfaces, on a port probed free beforehand.
 */
final class DynamoDbEmulator implements Emulator {

    private static final Logger log = LoggerFactory.getLogger(DynamoDbEmulator.class);

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbEmulator(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    static DynamoDbEmulator start(int port, Optional<Path> dataDir) throws Exception {
        int boundPort = port == 0 ? FreePort.find() : port;
        List<String> args = new ArrayList<>(List.of("-sharedDb", "-disableTelemetry", "-port", String.valueOf(boundPort)));
        if (dataDir.isPresent()) {
            Files.createDirectories(dataDir.get());
            args.addAll(List.of("-dbPath", dataDir.get().toString()));
        } else {
            args.add("-inMemory");
        }
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
        server.start();
        return new DynamoDbEmulator(server, Emulator.loopback(boundPort));
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("DynamoDB emulator did not stop cleanly: {}", e.toString());
        }
    }
}
