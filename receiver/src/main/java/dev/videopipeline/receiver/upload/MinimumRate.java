package dev.videopipeline.receiver.upload;

import dev.videopipeline.receiver.problem.ApiProblem;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * An upload body that must keep up a minimum rate: over every {@code window} spent waiting for the
 * client, on average, at least {@code bytesPerSecond}. Only the time blocked in a read counts, so a
 * slow S3 write (which stops us reading) is never held against the client. One that drips bytes to
 * hold its upload slot is cut at the first read after a window it fell short in; one that sends
 * nothing at all is cut by the server's idle timeout.
 */
final class MinimumRate extends FilterInputStream {

    private final long bytesPerSecond;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private long waitedNanos;
    private long bytes;

    /** @param nanoTime {@link System#nanoTime()}, or a test's clock */
    MinimumRate(InputStream body, long bytesPerSecond, Duration window, LongSupplier nanoTime) {
        super(body);
        this.bytesPerSecond = bytesPerSecond;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public int read() throws IOException {
        long start = nanoTime.getAsLong();
        int b = super.read();
        counted(b < 0 ? 0 : 1, start);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        long start = nanoTime.getAsLong();
        int n = super.read(buffer, offset, length);
        counted(Math.max(n, 0), start);
        return n;
    }

    private void counted(int read, long start) {
        waitedNanos += nanoTime.getAsLong() - start;
        bytes += read;
        if (waitedNanos < windowNanos) {
            return;
        }
        if (bytes < bytesPerSecond * (waitedNanos / 1_000_000) / 1000) {
            throw ApiProblem.tooSlow(bytesPerSecond, Duration.ofNanos(waitedNanos));
        }
        waitedNanos = 0;
        bytes = 0;
    }
}
