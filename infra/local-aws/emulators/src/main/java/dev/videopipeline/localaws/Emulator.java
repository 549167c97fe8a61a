package dev.videopipeline.localaws;

import java.net.URI;

/** One running AWS API emulator. */
interface Emulator extends AutoCloseable {

    URI endpoint();

    /** Stops the emulator; never throws, so stopping the others goes on. */
    @Override
    void close();

    static URI loopback(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }
}
