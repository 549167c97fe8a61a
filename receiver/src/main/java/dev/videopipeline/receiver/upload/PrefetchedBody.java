package dev.videopipeline.receiver.upload;

import io.micronaut.http.multipart.PartData;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The file part's bytes as a blocking stream, for the thread that stores them, with up to
 * {@link #PREFETCH} chunks asked for ahead. Micronaut's own {@code asInputStream()} asks for one chunk
 * at a time, so every chunk parks the reading thread and wakes it from the event loop: on the
 * streaming path that hand-off was a fifth of the receiver's CPU. Here the event loop queues chunks
 * and wakes the reader only once {@link #BATCH} are waiting (or the body ended, or
 * {@link #MAX_WAIT_NANOS} passed with some queued); the reader then takes every queued chunk at once
 * and reads them all before it waits again, and demand is given back {@code BATCH} at a time.
 * Memory stays bounded: at most {@code PREFETCH} chunks ({@code micronaut.server.netty.max-chunk-size}
 * each). Each chunk's buffer is released once read, and all of them when the stream is closed.
 */
final class PrefetchedBody extends InputStream implements Subscriber<PartData> {

    static final int BATCH = 8;
    static final int PREFETCH = 2 * BATCH;
    /** However few chunks a slow client sends, the reader sees them this soon. */
    private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Deque<InputStream> queued = new ArrayDeque<>();
    private Subscription subscription;
    private boolean readerWaiting;
    private boolean ended;
    private boolean closed;
    private Throwable failure;
    // The reader's own: the chunks taken from the queue, the one being read, and how many were read
    // since demand was last given back.
    private final Deque<InputStream> taken = new ArrayDeque<>();
    private InputStream current;
    private int consumed;

    static PrefetchedBody of(Publisher<PartData> file) {
        var body = new PrefetchedBody();
        file.subscribe(body);
        return body;
    }

    @Override
    public void onSubscribe(Subscription s) {
        lock.lock();
        try {
            subscription = s;
            if (closed) {
                s.cancel();
                return;
            }
        } finally {
            lock.unlock();
        }
        s.request(PREFETCH);
    }

    @Override
    public void onNext(PartData chunk) {
        InputStream bytes;
        try {
            bytes = chunk.getInputStream(); // releases the chunk's buffer when closed
        } catch (IOException e) {
            subscription.cancel(); // a body with a hole must not end as if whole
            end(e);
            return;
        }
        lock.lock();
        try {
            if (closed) {
                close(bytes);
                return;
            }
            queued.add(bytes);
            if (readerWaiting && queued.size() >= BATCH) {
                arrived.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onError(Throwable t) {
        end(t);
    }

    @Override
    public void onComplete() {
        end(null);
    }

    private void end(Throwable t) {
        lock.lock();
        try {
            if (ended) {
                return; // the first end counts: a failure is never overwritten by a later completion
            }
            failure = t;
            ended = true;
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (true) {
            if (current != null) {
                int n = current.read(buffer, offset, length);
                if (n > 0) {
                    return n;
                }
                close(current);
                current = null;
                giveBackDemand();
            }
            current = next();
            if (current == null) {
                return -1;
            }
        }
    }

    /**
     * The next chunk: one taken earlier, or else all that are queued once a batch of them is there,
     * the body ended, or some have waited {@link #MAX_WAIT_NANOS}; null at the end of the body. With
     * nothing queued it waits on (the server's idle timeout ends a client that sends nothing).
     */
    private InputStream next() throws IOException {
        if (!taken.isEmpty()) {
            return taken.poll();
        }
        lock.lock();
        try {
            if (closed) {
                throw new IOException("the upload's body was closed");
            }
            long deadline = 0;
            while (!ended && queued.size() < BATCH) {
                if (!queued.isEmpty() && deadline == 0) {
                    deadline = System.nanoTime() + MAX_WAIT_NANOS;
                }
                long left = deadline == 0 ? MAX_WAIT_NANOS : deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                readerWaiting = true;
                try {
                    arrived.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the upload's bytes");
                } finally {
                    readerWaiting = false;
                }
            }
            if (!queued.isEmpty()) {
                taken.addAll(queued);
                queued.clear();
                return taken.poll();
            }
            if (failure != null) {
                throw new IOException(failure); // as Micronaut's own stream does
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private void giveBackDemand() {
        if (++consumed == BATCH) {
            consumed = 0;
            subscription.request(BATCH);
        }
    }

    /** Stops the body: what is queued is released, and a body still arriving is cancelled. */
    @Override
    public void close() {
        Subscription s;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queued.forEach(PrefetchedBody::close);
            queued.clear();
            s = ended ? null : subscription;
        } finally {
            lock.unlock();
        }
        if (current != null) {
            close(current);
            current = null;
        }
        taken.forEach(PrefetchedBody::close);
        taken.clear();
        if (s != null) {
            s.cancel();
        }
    }

    private static void close(InputStream chunk) {
        try {
            chunk.close();
        } catch (IOException e) {
            // releasing a buffer does not fail
        }
    }
}
