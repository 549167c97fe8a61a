package dev.videopipeline.localaws;

import java.net.URI;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SQS: ElasticMQ, in memory. */
final class SqsEmulator implements Emulator {

    private static final Logger log = LoggerFactory.getLogger(SqsEmulator.class);

    private final SQSRestServer server;
    private final URI endpoint;

    private SqsEmulator(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** Starts on {@code port}, or on a free one when it is 0. */
    static SqsEmulator start(int port, String region) {
        var builder = SQSRestServerBuilder.withInterface("127.0.0.1").withAWSRegion(region);
        SQSRestServer server = (port == 0 ? builder.withDynamicPort() : builder.withPort(port)).start();
        int boundPort = server.waitUntilStarted().localAddress().getPort();
        return new SqsEmulator(server, Emulator.loopback(boundPort));
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.stopAndWait();
        } catch (RuntimeException e) {
            log.warn("SQS emulator did not stop cleanly: {}", e.toString());
        }
    }
}
