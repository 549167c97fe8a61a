package dev.videopipeline.testpipeline;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback ports for the processes a test starts. */
public final class Ports {

    // Below the ephemeral ranges (Linux 32768 up, macOS 49152 up): a port an emulator or a client
    // takes for itself between this check and the service's start cannot be one of these, which a
    // port from ServerSocket(0) could.
    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 32_000;
    private static final int ATTEMPTS = 50;

    private Ports() {
    }

    /** A base port with {@code count} free ports from it, at random so that it meets no other run's. */
    public static int belowEphemeral(int count) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST - count);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IOException("no " + count + " free ports in a row between " + LOWEST + " and " + HIGHEST);
    }

    private static boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (var socket = new ServerSocket(port)) {
                socket.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
