package dev.videopipeline.localaws;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gate in front of an echo server, as it stands in front of an emulator. */
class FaultGateTest {

    private ServerSocket echo;
    private FaultGate gate;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread server = new Thread(this::serveEcho, "echo");
        server.setDaemon(true);
        server.start();
        gate = FaultGate.open("echo", Emulator.loopback(echo.getLocalPort()));
    }

    @AfterEach
    void stop() throws IOException {
        gate.close();
        echo.close();
    }

    @Test
    void forwardsBothWaysAndPassesAHalfCloseOn() throws IOException {
        try (Socket client = connect()) {
            client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();

            assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        }
    }

    @Test
    void shutGateResetsOpenConnectionsAndRefusesNewOnes() throws IOException {
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "before")).isEqualTo("before");

            gate.shut(Instant.now().plusSeconds(60));

            assertThatThrownBy(() -> roundTrip(client, "during")).isInstanceOf(IOException.class);
            assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
            assertThat(gate.shutUntil()).isPresent();
        }
    }

    @Test
    void reopenedGateTakesConnectionsOnTheSamePort() throws IOException {
        URI endpoint = gate.endpoint();
        long outage = gate.shut(Instant.now().plusSeconds(60));

        gate.reopen(outage);

        assertThat(gate.endpoint()).isEqualTo(endpoint);
        assertThat(gate.shutUntil()).isEmpty();
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "after")).isEqualTo("after");
        }
    }

    @Test
    void aSecondOutageOutlastsTheEndOfTheFirst() throws IOException {
        long first = gate.shut(Instant.now().plusSeconds(10));
        gate.shut(Instant.now().plusSeconds(60));

        gate.reopen(first);

        assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(gate.endpoint().getHost(), gate.endpoint().getPort());
        socket.setSoTimeout(5000);
        return socket;
    }

    private static String roundTrip(Socket client, String text) throws IOException {
        byte[] sent = text.getBytes(StandardCharsets.US_ASCII);
        client.getOutputStream().write(sent);
        byte[] received = client.getInputStream().readNBytes(sent.length);
        if (received.length < sent.length) {
            throw new IOException("connection closed after " + received.length + " bytes");
        }
        return new String(received, StandardCharsets.US_ASCII);
    }

    private void serveEcho() {
        while (!echo.isClosed()) {
            try {
                Socket connection = echo.accept();
                Thread copy = new Thread(() -> {
                    try (connection) {
                        connection.getInputStream().transferTo(connection.getOutputStream());
                    } catch (IOException ignored) {
                        // the gate reset it
                    }
                }, "echo-connection");
                copy.setDaemon(true);
                copy.start();
            } catch (IOException closed) {
                return;
            }
        }
    }
}
