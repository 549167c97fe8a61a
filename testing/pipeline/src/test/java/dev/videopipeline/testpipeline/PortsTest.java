package dev.videopipeline.testpipeline;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

class PortsTest {

    @Test
    void givesARunOfFreePortsBelowTheEphemeralRange() throws IOException {
        int base = Ports.belowEphemeral(6);

        assertThat(base).isBetween(20_000, 32_000 - 6);
        for (int port = base; port < base + 6; port++) {
            try (var socket = new ServerSocket(port)) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
