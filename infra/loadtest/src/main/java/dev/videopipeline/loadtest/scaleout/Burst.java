package dev.videopipeline.loadtest.scaleout;

import dev.videopipeline.testpipeline.PipelineClient;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Every clip uploaded at once, then each video polled ({@code GET /videos/{id}}) until it is READY
 * or FAILED, within a deadline.
 */
final class Burst {

    /** How often each unfinished video is read: the resolution of its upload→READY time. */
    static final Duration POLL = Duration.ofMillis(500);
    /** The receiver's concurrent upload slots (PIPELINE_UPLOAD_MAX_CONCURRENT): more at once would be refused. */
    private static final int UPLOADS_AT_ONCE = 16;

    private final PipelineClient client;
    private final String owner;
    private final List<Path> clips;
    private final Duration deadline;

    Burst(PipelineClient client, String owner, List<Path> clips, Duration deadline) {
        this.client = client;
        this.owner = owner;
        this.clips = List.copyOf(clips);
        this.deadline = deadline;
    }

    List<VideoOutcome> run() throws InterruptedException {
        Map<String, Instant> accepted = uploadAll();
        Map<String, VideoOutcome> finished = new LinkedHashMap<>();
        Instant giveUp = Instant.now().plus(deadline);
        while (finished.size() < accepted.size()) {
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException((accepted.size() - finished.size()) + " of " + accepted.size()
                        + " videos not READY within " + deadline);
            }
            for (var upload : accepted.entrySet()) {
                if (!finished.containsKey(upload.getKey())) {
                    String status = status(upload.getKey());
                    if (status.equals("READY") || status.equals("FAILED")) {
                        finished.put(upload.getKey(), new VideoOutcome(upload.getKey(), upload.getValue(), Instant.now(),
                                status.equals("READY")));
                    }
                }
            }
            Thread.sleep(POLL.toMillis());
        }
        return new ArrayList<>(finished.values());
    }

    /** @return each video's id and when its upload was accepted */
    private Map<String, Instant> uploadAll() throws InterruptedException {
        var uploads = Executors.newFixedThreadPool(Math.min(clips.size(), UPLOADS_AT_ONCE));
        try {
            List<Callable<Map.Entry<String, Instant>>> tasks = new ArrayList<>();
            for (int i = 0; i < clips.size(); i++) {
                Path clip = clips.get(i);
                String title = "scale-out " + (i + 1);
                tasks.add(() -> Map.entry(client.uploadVideo(clip, owner, title), Instant.now()));
            }
            Map<String, Instant> accepted = new LinkedHashMap<>();
            for (Future<Map.Entry<String, Instant>> upload : uploads.invokeAll(tasks)) {
                var entry = upload.get();
                accepted.put(entry.getKey(), entry.getValue());
            }
            return accepted;
        } catch (ExecutionException e) {
            throw new IllegalStateException("an upload failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            uploads.shutdownNow();
        }
    }

    private String status(String id) throws InterruptedException {
        try {
            return client.status(id, owner);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read video " + id + ": " + e.getMessage(), e);
        }
    }
}
