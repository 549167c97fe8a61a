package dev.videopipeline.encoder.transcode;

import org.bytedeco.javacv.FrameFilter;
import org.bytedeco.javacv.FrameRecorder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One thread per rung, so that every rung encodes a decoded frame at once. */
final class RungThreads {

    private static final AtomicInteger THREADS = new AtomicInteger();

    interface RungStep<T> {
        T apply(RungEncoder rung) throws FrameFilter.Exception, FrameRecorder.Exception;
    }

    private final ExecutorService workers;

    RungThreads(int rungs) {
        workers = Executors.newFixedThreadPool(rungs, task -> new Thread(task, "rung-encoder-" + THREADS.incrementAndGet()));
    }

    /** Runs {@code step} on every rung at once and waits for them all; the first failure is thrown. */
    <T> List<T> each(List<RungEncoder> rungs, RungStep<T> step) throws FrameFilter.Exception, FrameRecorder.Exception {
        List<Future<T>> running = new ArrayList<>(rungs.size());
        for (RungEncoder rung : rungs) {
            running.add(workers.submit(() -> step.apply(rung)));
        }
        List<T> results = new ArrayList<>(rungs.size());
        try {
            for (Future<T> future : running) {
                results.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("encode interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FrameFilter.Exception filterFailure) {
                throw filterFailure;
            }
            if (e.getCause() instanceof FrameRecorder.Exception recorderFailure) {
                throw recorderFailure;
            }
            throw new IllegalStateException("a rung failed: " + e.getCause(), e.getCause());
        }
        return results;
    }

    /**
     * Stops the threads, then closes the rungs once none can use them any more (a native call that
     * never returns leaks them rather than crashing the JVM).
     */
    void stopAndClose(List<RungEncoder> rungs) {
        workers.shutdownNow();
        // A job being handed back arrives here interrupted; it must still wait to close safely.
        boolean interrupted = Thread.interrupted();
        try {
            if (workers.awaitTermination(1, TimeUnit.MINUTES)) {
                rungs.forEach(RungEncoder::close);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
