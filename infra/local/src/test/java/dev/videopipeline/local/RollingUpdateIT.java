package dev.videopipeline.local;

import dev.videopipeline.testclips.TestClips;
import dev.videopipeline.testpipeline.PipelineClient;
import dev.videopipeline.testpipeline.PipelineLauncher;
import dev.videopipeline.testpipeline.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An ECS rolling update, drilled through a real load balancer: HAProxy, set up like the ALB's
 * target group, in front of two receivers, while clients upload and read their videos' status.
 * Each receiver is replaced the way ECS does it (start the new task, register it, wait until it
 * is healthy, deregister the old one and let its requests drain, then SIGTERM it), and then the
 * encoder (start the new one, SIGTERM the old one, which hands its job back). No request may fail,
 * every video must end READY, and every owner get exactly one mail.
 */
class RollingUpdateIT {

    /** The ALB's deregistration delay (30 s), scaled like the health check's interval. */
    private static final Duration DEREGISTRATION_DELAY = Duration.ofSeconds(6);
    private static final int CLIENTS = 2;
    private static final Pattern ENCODE_STARTED = Pattern.compile("encoder *\\| .*encode started");

    @TempDir
    static Path dir;

    @Test
    void replacingBothReceiversAndTheEncoderUnderLoadFailsNoRequestAndLosesNoVideo() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/haproxy")) || System.getenv("CI") != null,
                "no HAProxy here: apt-get install haproxy to run the rolling-update drill");
        // A short grace: the old encoder is stopped mid-job and hands it back.
        try (var pipeline = PipelineLauncher.builder().encoders(1).environment(Map.of("ENCODER_STOP_GRACE", "1s")).start()) {
            int base = Ports.belowEphemeral(8);
            Properties aws = pipeline.aws();
            var timeline = new Timeline();
            UploadLoad load = null;
            List<ChildProcess> started = new ArrayList<>();
            try {
                var blue2 = receiver(pipeline, aws, "blue-2", base + 1);
                started.add(blue2);
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> LocalPipeline.ok("http://localhost:" + (base + 1) + "/livez"));
                Map<String, Integer> servers = new LinkedHashMap<>();
                servers.put("blue-1", pipeline.port());
                servers.put("blue-2", base + 1);
                servers.put("green-1", base + 3);
                servers.put("green-2", base + 5);
                try (var lb = Haproxy.start(dir, base, servers, List.of("blue-1", "blue-2"))) {
                    awaitStatus(lb, "blue-1", "UP");
                    awaitStatus(lb, "blue-2", "UP");
                    // About 5 s of encoding each, so the old encoder is busy when it is stopped.
                    load = new UploadLoad(new PipelineClient("http://localhost:" + base),
                            TestClips.write(dir, TestClips.Kind.MP4, 6, 1280, 720), CLIENTS);
                    load.start();
                    var running = load;
                    await().atMost(Duration.ofMinutes(1)).until(() -> running.requests() > 10);
                    timeline.mark("load running: " + CLIENTS + " clients uploading and reading status");

                    var blue1 = pipeline.service("receiver");
                    var green1 = replace(lb, timeline, "blue-1", base + 3, () -> {
                        blue1.destroy();
                        blue1.onExit().join();
                    }, () -> receiver(pipeline, aws, "green-1", base + 3));
                    started.add(green1);
                    started.add(replace(lb, timeline, "blue-2", base + 5, () -> {
                        blue2.signalStop();
                        blue2.awaitStop();
                    }, () -> receiver(pipeline, aws, "green-2", base + 5)));

                    var oldEncoder = pipeline.service("encoder");
                    var newEncoder = LocalPipeline.encoder(pipeline.root(), "encoder-green", aws, base + 7, List.of());
                    started.add(newEncoder);
                    timeline.mark("encoder-green started");
                    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                            .until(() -> LocalPipeline.ok("http://localhost:" + (base + 7) + "/health/liveness"));
                    // As Fargate Spot's notice does, mid-job (an ECS deployment would wait for a
                    // protected task to finish its job, the gentler case).
                    int startedSoFar = pipeline.lines(ENCODE_STARTED).size();
                    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20))
                            .until(() -> pipeline.lines(ENCODE_STARTED).size() > startedSoFar);
                    timeline.mark("encoder-green live; SIGTERM to the old encoder, mid-job");
                    oldEncoder.destroy();
                    oldEncoder.onExit().join();
                    timeline.mark("old encoder exited");
                    long sofar = load.requests();
                    await().atMost(Duration.ofMinutes(1)).until(() -> running.requests() > sofar + 10);
                    load.stop();
                    timeline.mark("load stopped");

                    var outcome = load.outcome();
                    int handedBack = pipeline.lines(Pattern.compile("encode handed back at stop")).size();
                    System.out.printf("drill: rolling update through HAProxy: %d requests, %d failed, %d videos "
                                    + "uploaded, %d encodes handed back at the encoder's stop%n%s  HAProxy: %s%n",
                            outcome.requests(), outcome.failures().size(), outcome.videos().size(),
                            handedBack, timeline,
                            String.join("\n  HAProxy: ", lb.serverEvents()));
                    assertThat(outcome.failures()).isEmpty();
                    assertThat(handedBack).as("the old encoder stopped mid-job").isEqualTo(1);
                    assertThat(outcome.videos()).hasSizeGreaterThan(CLIENTS);
                    assertThat(outcome.notReady()).as("every video READY").isEmpty();
                    assertOneMailEach(pipeline, outcome.videos().values());
                }
            } finally {
                if (load != null) {
                    load.stop();
                }
                started.forEach(ChildProcess::signalStop);
                started.forEach(ChildProcess::awaitStop);
            }
        }
    }

    /**
     * What ECS does for one task: the new one starts and is registered, and once the target group
     * finds it healthy the old one is deregistered, drained and stopped.
     */
    private static ChildProcess replace(Haproxy lb, Timeline timeline, String old, int freshPort, Runnable stopOld,
                                        Supplier<ChildProcess> startNew) throws IOException {
        String fresh = old.replace("blue", "green");
        ChildProcess task = startNew.get();
        timeline.mark(fresh + " started");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> LocalPipeline.ok("http://localhost:" + freshPort + "/livez"));
        lb.enable(fresh);
        timeline.mark(fresh + " answers /livez; registered");
        awaitStatus(lb, fresh, "UP");
        timeline.mark(fresh + " healthy in the target group; " + old + " deregistered (draining)");
        lb.drain(old);
        Instant drainEnds = Instant.now().plus(DEREGISTRATION_DELAY);
        // As the ALB: the delay, or less once nothing is in flight on the old target.
        await().atMost(DEREGISTRATION_DELAY.plusSeconds(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> lb.inFlight(old) == 0 || Instant.now().isAfter(drainEnds));
        lb.remove(old);
        timeline.mark(old + " drained; SIGTERM");
        stopOld.run();
        timeline.mark(old + " exited");
        return task;
    }

    private static ChildProcess receiver(PipelineLauncher pipeline, Properties aws, String name, int port) {
        return LocalPipeline.receiver(pipeline.root(), name, aws, pipeline.port(), port, port + 1);
    }

    private static void awaitStatus(Haproxy lb, String server, String status) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> lb.status(server).equals(status));
    }

    private static void assertOneMailEach(PipelineLauncher pipeline, Collection<String> owners) throws Exception {
        var mails = new SentMails(new PipelineClient(pipeline.site()), pipeline);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    for (String owner : owners) {
                        if (mails.to(owner).isEmpty()) {
                            return false;
                        }
                    }
                    return true;
                });
        for (String owner : owners) {
            assertThat(mails.to(owner)).as("mails to " + owner).hasSize(1);
        }
    }

    /** What happened when, from the drill's start. */
    private static final class Timeline {
        private final Instant start = Instant.now();
        private final StringBuilder lines = new StringBuilder();

        synchronized void mark(String what) {
            lines.append(String.format("  t+%5.1f s  %s%n", Duration.between(start, Instant.now()).toMillis() / 1000.0, what));
        }

        @Override
        public synchronized String toString() {
            return lines.toString();
        }
    }
}
