package dev.videopipeline.receiver.upload;

import dev.videopipeline.receiver.intake.UploadSettings;
import dev.videopipeline.receiver.problem.ApiProblem;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Bounds the streaming uploads one receiver runs at once: each holds up to {@code parts-in-flight + 1} part buffers and a thread,
 * so without a bound enough slow clients exhaust the heap. A full receiver answers 503 at once;
 * the load balancer and the client's retry find another task. One owner holds at most
 * {@code max-concurrent-per-owner} of the slots, so one account cannot take them all (429).
 */
@Singleton
public class UploadSlots {

    private final Semaphore slots;
    private final int capacity;
    private final int perOwner;
    private final ConcurrentHashMap<String, Integer> owners = new ConcurrentHashMap<>();

    public UploadSlots(UploadSettings settings) {
        this.capacity = settings.maxConcurrent();
        this.perOwner = settings.maxConcurrentPerOwner();
        this.slots = new Semaphore(capacity);
    }

    /** @throws ApiProblem 429 when the owner holds as many slots as allowed, 503 when every slot is taken */
    public void acquire(String owner) {
        var held = owners.merge(owner, 1, Integer::sum);
        if (held > perOwner) {
            leave(owner);
            throw ApiProblem.limited("Too many uploads at once",
                    "You are already sending " + perOwner + " files through this service, the most at once. "
                            + "Send this one when one of them is done, or use a direct upload (POST /videos/uploads).",
                    Duration.ofSeconds(30));
        }
        if (!slots.tryAcquire()) {
            leave(owner);
            throw ApiProblem.busy();
        }
    }

    public void release(String owner) {
        slots.release();
        leave(owner);
    }

    private void leave(String owner) {
        owners.computeIfPresent(owner, (key, count) -> count == 1 ? null : count - 1);
    }

    int inUse() {
        return capacity - slots.availablePermits();
    }
}
