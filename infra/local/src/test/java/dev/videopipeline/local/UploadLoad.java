package dev.videopipeline.local;

import dev.videopipeline.testpipeline.Json;
import dev.videopipeline.testpipeline.PipelineClient;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * A bounded load of clients, each in a loop: sign in as a new owner, upload a clip, read its status
 * until it is READY or FAILED, and again. Every answer that is not what a healthy pipeline gives
 * (or no answer) is a failure, with what was asked and what came back.
 */
final class UploadLoad {

    /** What the load saw: its requests, its failures, and the videos it uploaded (id to owner). */
    record Outcome(long requests, List<String> failures, Map<String, String> videos, List<String> notReady) {
    }

    private static final int MAX_FAILURES = 20;

    private final PipelineClient api;
    private final Path clip;
    private final List<Thread> clients = new ArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<String, String> videos = new ConcurrentHashMap<>();
    private final Map<String, String> finalStatus = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    UploadLoad(PipelineClient api, Path clip, int clients) {
        this.api = api;
        this.clip = clip;
        for (int i = 1; i <= clients; i++) {
            var client = new Thread(this::client, "load-" + i);
            client.setDaemon(true);
            this.clients.add(client);
        }
    }

    void start() {
        clients.forEach(Thread::start);
    }

    long requests() {
        return requests.get();
    }

    /** Lets each client finish the video it is on, then stops. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread client : clients) {
            client.join(Duration.ofMinutes(3).toMillis());
        }
    }

    Outcome outcome() {
        List<String> notReady = videos.keySet().stream()
                .filter(id -> !"READY".equals(finalStatus.get(id))).map(id -> id + ": " + finalStatus.get(id)).toList();
        return new Outcome(requests.get(), List.copyOf(failures), Map.copyOf(videos), notReady);
    }

    private void client() {
        // A pipeline that answers nothing any more: the drill has failed already, so stop asking.
        while (running && failures.size() < MAX_FAILURES) {
            String owner = "roll-" + UUID.randomUUID() + "@example.com";
            String id = upload(owner);
            if (id != null) {
                videos.put(id, owner);
                finalStatus.put(id, awaitOutcome(id, owner));
            }
        }
    }

    private String upload(String owner) {
        try {
            requests.addAndGet(2); // the sign-in and the upload
            var answer = api.upload(clip, owner, "Rolling update");
            if (answer.statusCode() != 202) {
                failures.add("upload: " + answer.statusCode() + " " + answer.body());
                return null;
            }
            return Json.text(answer.body(), "id");
        } catch (IOException e) {
            failures.add("upload: " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String awaitOutcome(String id, String owner) {
        return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> status(id, owner), status -> List.of("READY", "FAILED").contains(status));
    }

    private String status(String id, String owner) {
        try {
            requests.incrementAndGet();
            var answer = api.send(api.request("/videos/" + id), owner);
            if (answer.statusCode() != 200) {
                failures.add("status of " + id + ": " + answer.statusCode() + " " + answer.body());
                return null;
            }
            return Json.text(answer.body(), "status");
        } catch (IOException e) {
            failures.add("status of " + id + ": " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
