package dev.videopipeline.receiver.upload;

import dev.videopipeline.receiver.problem.ApiProblem;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MinimumRateTest {

    private static final long SECOND = 1_000_000_000L;

    /** A client that sends {@code chunk} bytes per read, each read taking {@code nanosPerRead} of the test's clock. */
    private static final class Client extends InputStream {
        long now;
        private final int chunk;
        private final long nanosPerRead;

        Client(int chunk, long nanosPerRead) {
            this.chunk = chunk;
            this.nanosPerRead = nanosPerRead;
        }

        @Override
        public int read() {
            now += nanosPerRead;
            return 'x';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            now += nanosPerRead;
            return Math.min(chunk, length);
        }
    }

    @Test
    void aClientDrippingBytesIsCutOnceAWindowHasPassed() {
        var drip = new Client(1, 5 * SECOND);
        var body = new MinimumRate(drip, 64 * 1024, Duration.ofSeconds(30), () -> drip.now);

        assertThatThrownBy(() -> readAll(body, 1000)).isInstanceOf(ApiProblem.class)
                .hasMessageContaining("less than 64 KiB/s over 30 s")
                .satisfies(e -> assertThat(((ApiProblem) e).status().getCode()).isEqualTo(408));
        assertThat(drip.now).isEqualTo(30 * SECOND);
    }

    @Test
    void aClientAtTheRateGoesOnForAsLongAsItLikes() throws IOException {
        var steady = new Client(64 * 1024, SECOND);
        var body = new MinimumRate(steady, 64 * 1024, Duration.ofSeconds(30), () -> steady.now);

        readAll(body, 600);

        assertThat(steady.now).isEqualTo(600 * SECOND);
    }

    @Test
    void timeSpentNotReadingIsNotHeldAgainstTheClient() throws IOException {
        var client = new Client(64 * 1024, SECOND);
        var body = new MinimumRate(client, 64 * 1024, Duration.ofSeconds(30), () -> client.now);

        for (int i = 0; i < 100; i++) {
            assertThat(body.read(new byte[64 * 1024])).isEqualTo(64 * 1024);
            client.now += 10 * SECOND; // the receiver busy writing a part to S3
        }
    }

    private static void readAll(InputStream body, int reads) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (int i = 0; i < reads; i++) {
            body.read(buffer);
        }
    }
}
