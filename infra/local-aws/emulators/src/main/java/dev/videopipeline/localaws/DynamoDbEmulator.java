package dev.videopipeline.localaws;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB: DynamoDB Local in this JVM, in memory or in {@code dataDir}. One shared database, so
 * every client sees the same tables whatever its region or credentials. Its own server
 * ({@code DynamoDBProxyServer}) binds every interface; so its handler, built as
 * {@code ServerRunner.createServer} builds it (shared database, telemetry never configured), is
 * mounted on a Jetty server of ours that listens on 127.0.0.1 only, on port 0 when none is given.
 */
final class DynamoDbEmulator implements Emulator {

    private static final Logger log = LoggerFactory.getLogger(DynamoDbEmulator.class);

    private final Server server;
    private final LocalDynamoDBServerHandler handler;
    private final URI endpoint;

    private DynamoDbEmulator(Server server, LocalDynamoDBServerHandler handler, URI endpoint) {
        this.server = server;
        this.handler = handler;
        this.endpoint = endpoint;
    }

    static DynamoDbEmulator start(int port, Optional<Path> dataDir) throws Exception {
        if (dataDir.isPresent()) {
            Files.createDirectories(dataDir.get());
        }
        // (port, inMemory, dbPath, sharedDb, delayTransientStatuses); the port is only used in messages.
        var requestHandler = new LocalDynamoDBRequestHandler(0, dataDir.isEmpty(),
                dataDir.map(Path::toString).orElse(null), true, false);
        // No CORS parameters: what the command line gives without -cors.
        var handler = new LocalDynamoDBServerHandler(requestHandler, null);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new ContextHandler(handler));
        try {
            server.start();
        } catch (Exception e) {
            stop(server, handler);
            throw e;
        }
        return new DynamoDbEmulator(server, handler, Emulator.loopback(connector.getLocalPort()));
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        stop(server, handler);
    }

    private static void stop(Server server, LocalDynamoDBServerHandler handler) {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("DynamoDB emulator did not stop cleanly: {}", e.toString());
        }
        try {
            handler.close();
        } catch (RuntimeException e) {
            log.warn("DynamoDB emulator's database did not close cleanly: {}", e.toString());
        }
    }
}
