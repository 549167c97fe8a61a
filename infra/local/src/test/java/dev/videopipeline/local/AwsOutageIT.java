package dev.videopipeline.local;

import dev.videopipeline.testclips.TestClips;
import dev.videopipeline.testpipeline.Json;
import dev.videopipeline.testpipeline.PipelineClient;
import dev.videopipeline.testpipeline.PipelineLauncher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drill 5, an AWS outage, on the launcher's real processes: SQS, S3 or DynamoDB is cut off for
 * 10 s (its fault gate refuses connections and resets the open ones; the emulator behind keeps its
 * state, as AWS would) while a video is being encoded. The receiver must report DOWN on readiness
 * while it lasts and UP after; the services must log it, keep running and recover by themselves;
 * every video must end READY with exactly one mail, the queues drained, nothing dead-lettered and
 * no object left over. A 10 s lease and a 5 s sweep keep the retries short; the figures printed
 * are what docs/reliability.md quotes.
 */
class AwsOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration SWEEP = Duration.ofSeconds(5);
    /** Longer than any pause in a video's heartbeats here, so the sweep re-sends only what was never queued. */
    private static final Duration ENQUEUE_AGAIN_AFTER = Duration.ofSeconds(20);
    private static final Pattern MEDIA_URL = Pattern.compile("\"(?:url|posterUrl|hlsUrl)\":\"([^\"]+)\"");

    static PipelineLauncher pipeline;
    static PipelineClient api;
    static AwsFaults faults;
    static Queues queues;
    static Path clip;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        pipeline = PipelineLauncher.builder().encoders(1).environment(Map.of("ENCODER_LEASE", LEASE.toSeconds() + "s", "ENCODER_HEARTBEAT", "2s",
                "PIPELINE_SWEEP_INTERVAL", SWEEP.toSeconds() + "s",
                "PIPELINE_UPLOAD_ENQUEUE_AGAIN_AFTER", ENQUEUE_AGAIN_AFTER.toSeconds() + "s"))
                .options("--fault-gates").start();
        api = new PipelineClient(pipeline.site());
        faults = new AwsFaults(pipeline);
        queues = new Queues(pipeline);
        clip = TestClips.write(dir, TestClips.Kind.MP4, 4, 640, 360, true, 0);
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /**
     * The outcome is written, but its notification cannot be sent: the request comes back and sends
     * it. An upload accepted meanwhile cannot be queued: the receiver's sweep queues it afterwards.
     */
    @Test
    void sqsOutageDelaysTheMailAndTheSweepQueuesWhatWasAcceptedMeanwhile() throws Exception {
        String lateOwner = owner("sqs-late");

        List<Drill> drills = drill("sqs", () -> Map.of(upload(lateOwner, "Accepted during an SQS outage"), lateOwner));

        String late = drills.get(1).id;
        pipeline.awaitLine(Pattern.compile("encoder *\\| .*receive failed; retrying queue=\"encode\""), Duration.ofSeconds(5));
        pipeline.awaitLine(Pattern.compile("mailer *\\| .*receive failed; retrying queue=\"notifications\""), Duration.ofSeconds(5));
        pipeline.awaitLine(Pattern.compile("receiver *\\| .*encode request not sent; the sweeper will send it videoId=\""
                + late + "\""), Duration.ofSeconds(5));
        for (Drill drill : drills) {
            drill.assertEndState();
        }
    }

    /** The encoder cannot publish its outputs: it gives the claim up, and the request's retry encodes again. */
    @Test
    void s3OutageMidEncodeIsRetriedAfterTheLease() throws Exception {
        Drill drill = drill("s3", Map::of).get(0);

        pipeline.awaitLine(Pattern.compile("encoder *\\| .*encode failed; will be retried videoId=\"" + drill.id + "\""),
                Duration.ofSeconds(5));
        drill.assertEndState();
    }

    /** The encoder can neither renew nor end its claim: the lease runs out, and the request's retry re-claims it. */
    @Test
    void dynamoDbOutageMidEncodeIsRetriedAfterTheLease() throws Exception {
        Drill drill = drill("dynamodb", Map::of).get(0);

        pipeline.awaitLine(Pattern.compile("encoder *\\| .*(heartbeat|encode) failed.* videoId=\"" + drill.id + "\""),
                Duration.ofSeconds(5));
        // Whether giving the claim up fails too depends on when the gate opens; the second claim does not.
        pipeline.awaitLine(Pattern.compile("encoder *\\| .*encode started videoId=\"" + drill.id + "\" attempt=\"2\""),
                Duration.ofSeconds(5));
        pipeline.awaitLine(Pattern.compile("receiver *\\| .*sweep failed; next one retries"), Duration.ofSeconds(5));
        drill.assertEndState();
    }

    /** What the test does while the service is cut off: the videos it uploads (id → owner). */
    private interface DuringOutage {
        Map<String, String> run() throws Exception;
    }

    /**
     * Uploads a clip, cuts {@code service} off once its encode has started, and follows the
     * pipeline through the outage and back: readiness DOWN, then UP, each video's outcome and mail.
     *
     * @return the clip's video, then those uploaded during the outage
     */
    private List<Drill> drill(String service, DuringOutage duringOutage) throws Exception {
        String owner = owner(service);
        String id = upload(owner, "Outage of " + service);
        pipeline.awaitLine(Pattern.compile("encoder *\\| .*encode started videoId=\"" + id + "\""), Duration.ofSeconds(60));

        faults.shut(service, OUTAGE);
        Instant shut = Instant.now();
        String down = await().atMost(OUTAGE).pollInterval(Duration.ofMillis(100))
                .until(this::readiness, answer -> answer.startsWith("503 "));
        Duration toDown = Duration.between(shut, Instant.now());
        assertThat(down).as("readiness names what is down").contains("\"" + service + "\":\"DOWN");
        Map<String, String> owners = new LinkedHashMap<>(Map.of(id, owner));
        owners.putAll(duringOutage.run());

        Instant reopened = faults.awaitOpen(service, OUTAGE.plusSeconds(5));
        Recovery recovery = followRecovery(reopened, owners);

        System.out.printf("drill: %s outage of %d s: readiness DOWN %.1f s after the cut, UP %.1f s after the gate opened%n",
                service, OUTAGE.toSeconds(), seconds(toDown), seconds(recovery.readinessUp));
        List<Drill> drills = new ArrayList<>();
        owners.forEach((video, itsOwner) -> {
            System.out.printf("drill: %s outage, %s: %s %s, its mail %.1f s after the gate opened (lease %d s)%n",
                    service, video.equals(id) ? "video mid-encode" : "upload accepted during it",
                    Json.text(recovery.videos.get(video), "status"),
                    recovery.finalAtOpening.contains(video) ? "before the gate opened"
                            : "%.1f s after the gate opened".formatted(seconds(recovery.outcomes.get(video))),
                    seconds(recovery.mails.get(video)), LEASE.toSeconds());
            drills.add(new Drill(video, itsOwner, recovery.videos.get(video)));
        });
        return drills;
    }

    /** When, after the gate opened, readiness came back UP and each video got its outcome and its first mail. */
    private static final class Recovery {
        Duration readinessUp;
        final Set<String> finalAtOpening = new TreeSet<>();
        final Map<String, Duration> outcomes = new HashMap<>();
        final Map<String, Duration> mails = new HashMap<>();
        final Map<String, String> videos = new HashMap<>();
    }

    /** Polls readiness, the videos and their mails together, so each time is the moment it happened. */
    private Recovery followRecovery(Instant reopened, Map<String, String> owners) throws Exception {
        var recovery = new Recovery();
        for (var video : owners.entrySet()) {
            if (isFinal(api.video(video.getKey(), video.getValue()))) {
                recovery.finalAtOpening.add(video.getKey());
            }
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (recovery.readinessUp == null && readiness().startsWith("200 ")) {
                recovery.readinessUp = Duration.between(reopened, Instant.now());
            }
            for (var video : owners.entrySet()) {
                String id = video.getKey();
                if (!recovery.outcomes.containsKey(id)) {
                    String json = api.video(id, video.getValue());
                    if (isFinal(json)) {
                        recovery.outcomes.put(id, Duration.between(reopened, Instant.now()));
                        recovery.videos.put(id, json);
                    }
                }
                if (!recovery.mails.containsKey(id) && mailsTo(video.getValue()) > 0) {
                    recovery.mails.put(id, Duration.between(reopened, Instant.now()));
                }
            }
            return recovery.readinessUp != null && recovery.outcomes.size() == owners.size()
                    && recovery.mails.size() == owners.size();
        });
        return recovery;
    }

    /** A video through an outage, and what the pipeline must look like once everything has settled. */
    private final class Drill {

        final String id;
        final String owner;
        final String video;

        Drill(String id, String owner, String video) {
            this.id = id;
            this.owner = owner;
            this.video = video;
        }

        void assertEndState() throws Exception {
            assertThat(Json.text(video, "status")).as(video).isEqualTo("READY");
            // Nothing left in flight: a duplicate delivery (and a duplicate mail) could only come from there.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                for (String queue : Queues.ALL) {
                    assertThat(queues.messages(queue)).as(queue).isZero();
                }
            });
            assertThat(mailsTo(owner)).as("mails to " + owner).isEqualTo(1);
            assertThat(api.send(api.request("/videos"), owner).body()).as("the owner's videos")
                    .contains("\"id\":\"" + id + "\"").containsOnlyOnce("\"status\":");
            assertNoObjectLeftOver();
            for (String service : List.of("aws", "receiver", "mailer", "encoder")) {
                assertThat(pipeline.service(service).isAlive()).as(service + " alive").isTrue();
            }
            assertThat(status(pipeline.management() + "/health/readiness")).isEqualTo(200);
            assertThat(status("http://localhost:" + (pipeline.port() + 1) + "/health")).as("mailer health").isEqualTo(200);
            assertThat(status("http://localhost:" + (pipeline.port() + 2) + "/health")).as("encoder health").isEqualTo(200);
        }

        /**
         * The uploads bucket holds the source only; the media bucket exactly what the READY video
         * serves (renditions, poster, HLS playlists, init segments and segments): a retried encode
         * writes the same keys again. No multipart upload is left open in either.
         */
        private void assertNoObjectLeftOver() throws Exception {
            Buckets buckets = Buckets.of(pipeline);
            String uploads = pipeline.awsProperty("pipeline.uploads-bucket");
            String media = pipeline.awsProperty("pipeline.media-bucket");
            assertThat(buckets.objects(uploads, "uploads/" + id + "/")).containsExactly("uploads/" + id + "/source");
            assertThat(buckets.objects(media, "media/" + id + "/")).isEqualTo(served());
            assertThat(buckets.openUploads(uploads, "uploads/" + id + "/")).isEmpty();
            assertThat(buckets.openUploads(media, "media/" + id + "/")).isEmpty();
        }

        private Set<String> served() throws Exception {
            Set<String> keys = new TreeSet<>();
            for (var url : MEDIA_URL.matcher(video).results().map(m -> m.group(1)).toList()) {
                keys.add(key(url));
                if (url.endsWith(".m3u8")) {
                    for (String variant : entries(url)) {
                        String variantUrl = URI.create(url).resolve(variant).toString();
                        keys.add(key(variantUrl));
                        keys.add(key(URI.create(variantUrl).resolve("init.mp4").toString()));
                        entries(variantUrl).forEach(segment -> keys.add(key(URI.create(variantUrl).resolve(segment).toString())));
                    }
                }
            }
            return keys;
        }

        private List<String> entries(String playlist) throws Exception {
            return api.get(playlist).body().lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        }

        /** The media URLs are the receiver's {@code /media/<key after media/>}. */
        private String key(String url) {
            return URI.create(url).getPath().substring(1);
        }
    }

    private static String owner(String drill) {
        return "outage-" + drill + "-" + UUID.randomUUID() + "@example.com";
    }

    private static String upload(String owner, String title) throws Exception {
        var upload = api.upload(clip, owner, title);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
        return Json.text(upload.body(), "id");
    }

    /**
     * Mails to {@code owner} in the SES emulator's store. Owners are unique per drill, and an
     * address appears once per mail in the store's JSON (its destination), so counting it counts mails.
     */
    private int mailsTo(String owner) throws Exception {
        String store = api.get(pipeline.awsProperty("local-aws.ses-store-url")).body();
        return store.split(Pattern.quote("\"" + owner + "\""), -1).length - 1;
    }

    /** The receiver's readiness: its status code, a space, its body. */
    private String readiness() throws Exception {
        var answer = http.send(HttpRequest.newBuilder(URI.create(pipeline.management() + "/health/readiness"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() + " " + answer.body();
    }

    private int status(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static boolean isFinal(String video) {
        return List.of("READY", "FAILED").contains(Json.text(video, "status"));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
