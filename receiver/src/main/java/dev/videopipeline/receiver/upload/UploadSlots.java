package dev.videopipeline.receiver.upload;

import dev.videopipeline.receiver.problem.ApiProblem;
import jakarta.inject.Singleton;

import java.util.concurrent.Semaphore;

/**
 * Bounds the streaming uploads one receiver runs at once: each holds two part buffers and a thread,
 * so without a bound enough slow clients exhaust the heap. A full receiver answers 503 at once;
 * the load balancer and the client's retry find another task.
 */
@Singleton
public class UploadSlots {

    private final Semaphore slots;
    private final int capacity;

    public UploadSlots(UploadSettings settings) {
        this.capacity = settings.maxConcurrent();
        this.slots = new Semaphore(capacity);
    }

    /** @throws ApiProblem 503 when every slot is taken */
    public void acquire() {
        if (!slots.tryAcquire()) {
            throw ApiProblem.busy();
        }
    }

    public void release() {
        slots.release();
    }

    int inUse() {
        return capacity - slots.availablePermits();
    }
}
