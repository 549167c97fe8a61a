package dev.videopipeline.localaws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP forwarder in front of one emulator, on a loopback port of its own, that can be shut for a
 * while: an outage of that AWS service as its clients see it, while the emulator behind keeps its
 * queues, objects and items as AWS would. Shut, its port refuses connections and the connections
 * it carried are reset; open again, it takes new connections on the same port.
 */
final class FaultGate implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FaultGate.class);
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final Duration REBIND_TIMEOUT = Duration.ofSeconds(10);
    /** Longer than forward()'s connect to the emulator, which the accept thread may be in. */
    private static final Duration ACCEPT_EXIT_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final InetSocketAddress target;
    private final int port;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads;
    private ServerSocket listener; // null while shut
    private Future<?> accepting; // the thread accepting on listener
    private Instant shutUntil = Instant.MIN;
    private long outages;
    private boolean closed;

    private FaultGate(String name, InetSocketAddress target, ServerSocket listener, ExecutorService threads) {
        this.name = name;
        this.target = target;
        this.listener = listener;
        this.port = listener.getLocalPort();
        this.threads = threads;
    }

    /** An open gate on a free loopback port, forwarding to {@code target} (an emulator's endpoint). */
    static FaultGate open(String name, URI target) throws IOException {
        ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fault-gate-" + name);
            thread.setDaemon(true);
            return thread;
        });
        FaultGate gate = new FaultGate(name, new InetSocketAddress(target.getHost(), target.getPort()), bind(0), threads);
        ServerSocket first = gate.listener;
        gate.accepting = threads.submit(() -> gate.accept(first));
        return gate;
    }

    String name() {
        return name;
    }

    /** Where clients connect instead of the emulator. */
    URI endpoint() {
        return Emulator.loopback(port);
    }

    /** When the current outage ends; empty while open. */
    synchronized Optional<Instant> shutUntil() {
        return listener == null ? Optional.of(shutUntil) : Optional.empty();
    }

    /**
     * Refuses connections from now on and resets the open ones: their clients see "connection
     * reset" mid-call, new calls "connection refused". A second outage while shut replaces the first.
     *
     * @return this outage, for {@link #reopen(long)}
     */
    long shut(Instant until) {
        Future<?> accepted;
        long outage;
        synchronized (this) {
            shutUntil = until;
            outage = ++outages;
            accepted = accepting;
            accepting = null;
            if (listener != null && !closed) {
                closeQuietly(listener);
                listener = null;
                connections.forEach(Connection::reset);
            }
        }
        // A socket closed while a thread waits in accept() listens until that thread has left it:
        // the port refuses connections only then. Waited for outside the lock, which forward() takes.
        awaitQuietly(accepted);
        log.info("{} gate shut until {}: port {} refuses connections", name, until, port);
        return outage;
    }

    /** Ends {@code outage}, unless another replaced it: takes connections again, on the same port. */
    synchronized void reopen(long outage) throws IOException {
        if (outage != outages || listener != null || closed) {
            return;
        }
        ServerSocket reopened = rebind();
        listener = reopened;
        accepting = threads.submit(() -> accept(reopened));
        log.info("{} gate open again on port {}", name, port);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (listener != null) {
            closeQuietly(listener);
            listener = null;
        }
        connections.forEach(Connection::reset);
        threads.shutdownNow();
    }

    private void accept(ServerSocket from) {
        while (true) {
            Socket client;
            try {
                client = from.accept();
            } catch (IOException e) {
                return; // shut or closed
            }
            try {
                forward(from, client);
            } catch (IOException e) {
                // The emulator itself is not there (stopping): the client sees its connection go.
                log.warn("{} gate cannot reach {}: {}", name, target, e.toString());
                reset(client);
            }
        }
    }

    private void forward(ServerSocket acceptedBy, Socket client) throws IOException {
        Socket server = new Socket();
        server.connect(target, 2000);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        var connection = new Connection(client, server);
        synchronized (this) {
            if (listener != acceptedBy) { // shut while this one was being accepted
                connection.reset();
                return;
            }
            connections.add(connection);
        }
        threads.execute(() -> pump(connection, client, server));
        threads.execute(() -> pump(connection, server, client));
    }

    /** Copies one direction; an end of stream is passed on as a half close, an error ends both. */
    private void pump(Connection connection, Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
            to.shutdownOutput();
            connection.directionDone();
        } catch (IOException e) {
            connection.reset();
        }
    }

    private ServerSocket rebind() throws IOException {
        Instant deadline = Instant.now().plus(REBIND_TIMEOUT);
        while (true) {
            try {
                return bind(port);
            } catch (BindException e) {
                // A connection of the outage still lingers on the port; it goes within moments.
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException(name + " gate cannot listen on port " + port + " again", e);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reopening the " + name + " gate", interrupted);
                }
            }
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // RST, not FIN: the peer's call fails at once
        } catch (IOException ignored) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void awaitQuietly(Future<?> task) {
        if (task == null) {
            return;
        }
        try {
            task.get(ACCEPT_EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("a gate's accept thread did not end: {}", e.toString());
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // nothing to do
        }
    }

    /** One client's connection and the gate's connection to the emulator for it. */
    private final class Connection {

        private final Socket client;
        private final Socket server;
        private final AtomicInteger openDirections = new AtomicInteger(2);

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void directionDone() {
            if (openDirections.decrementAndGet() == 0) {
                connections.remove(this);
                closeQuietly(client);
                closeQuietly(server);
            }
        }

        void reset() {
            connections.remove(this);
            FaultGate.reset(client);
            FaultGate.reset(server);
        }
    }
}
