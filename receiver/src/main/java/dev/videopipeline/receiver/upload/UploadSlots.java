package dev.videopipeline.receiver.upload;

import dev.videopipeline.receiver.intake.UploadSettings;
import dev.videopipeline.receiver.problem.ApiProblem;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Bounds the streaming uploads one receiver runs at once: each holds up to {@code parts-in-flight + 1} part buffers and a thread,
 * so without a bound enough slow clients exhaust the heap. The bound is {@code max-concurrent}, or
 * fewer where that many uploads' buffers would take more than half the heap (a task's memory sets
 * the heap, not this file); a heap too small for one upload stops the receiver at startup. A full receiver answers 503 at once;
 * the load balancer and the client's retry find another task. One owner holds at most
 * {@code max-concurrent-per-owner} of the slots, so one account cannot take them all (429).
 */
@Singleton
public class UploadSlots {

    private static final Logger LOG = LoggerFactory.getLogger(UploadSlots.class);

    private final Semaphore slots;
    private final int capacity;
    private final int perOwner;
    private final ConcurrentHashMap<String, Integer> owners = new ConcurrentHashMap<>();

    @Inject
    public UploadSlots(UploadSettings settings) {
        this(settings, Runtime.getRuntime().maxMemory());
    }

    UploadSlots(UploadSettings settings, long heapBytes) {
        long perUpload = (settings.partsInFlight() + 1L) * settings.partSizeBytes();
        long fit = heapBytes / 2 / perUpload;
        if (fit < 1) {
            throw new IllegalStateException("A streaming upload holds " + (perUpload >> 20) + " MiB of part buffers "
                    + "((pipeline.upload.parts-in-flight + 1) x part-size-bytes), more than half the heap ("
                    + (heapBytes >> 20) + " MiB): give the receiver more memory or lower those settings");
        }
        this.capacity = (int) Math.min(settings.maxConcurrent(), fit);
        this.perOwner = settings.maxConcurrentPerOwner();
        this.slots = new Semaphore(capacity);
        if (capacity < settings.maxConcurrent()) {
            LOG.atInfo().setMessage("streaming uploads bounded by the heap").addKeyValue("maxConcurrent", capacity)
                    .addKeyValue("configured", settings.maxConcurrent()).addKeyValue("heapMiB", heapBytes >> 20)
                    .addKeyValue("bufferMiBPerUpload", perUpload >> 20).log();
        }
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
