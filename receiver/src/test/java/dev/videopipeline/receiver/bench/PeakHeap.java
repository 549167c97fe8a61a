package dev.videopipeline.receiver.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videopipeline.testpipeline.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The highest heap use a receiver showed, read every 100 ms until closed from its management
 * port's metrics endpoint (which the benchmark turns on): the heap in use
 * ({@code jvm.memory.used}, area heap), and the live data after a collection
 * ({@code jvm.gc.live.data.size}), which is what a smaller heap would have to hold. One meter per
 * request, not a Prometheus scrape, so sampling costs the receiver little.
 */
final class PeakHeap implements AutoCloseable {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong live = new AtomicLong();

    /** @param metrics the receiver's {@code http://host:port/metrics} */
    PeakHeap(String metrics) {
        sampler.scheduleWithFixedDelay(() -> {
            sample(URI.create(metrics + "/jvm.memory.used?tag=area:heap"), used);
            sample(URI.create(metrics + "/jvm.gc.live.data.size"), live);
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    long usedBytes() {
        return used.get();
    }

    long liveBytes() {
        return live.get();
    }

    private void sample(URI meter, AtomicLong peak) {
        try {
            JsonNode answer = Json.parse(http.send(HttpRequest.newBuilder(meter).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            peak.accumulateAndGet(answer.get("measurements").get(0).get("value").asLong(), Math::max);
        } catch (Exception e) {
            // a missed sample: the next one comes in 100 ms
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
