package dev.videopipeline.local;

import dev.videopipeline.testclips.TestClips;
import dev.videopipeline.testpipeline.Json;
import dev.videopipeline.testpipeline.PipelineClient;
import dev.videopipeline.testpipeline.PipelineLauncher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What happens to an encode when its messages come more than once or its encoder dies, on the real
 * processes: encoders compete on the queue; the same request and notification are sent three
 * times, or the encoder that took the job is killed (SIGKILL: a crash, an OOM kill) or stopped
 * (SIGTERM: an ECS rolling update). The video must still end READY, encoded once, with one mail. The
 * lease and heartbeat are the defaults, so the kill drill measures what production's recovery takes;
 * a short grace keeps the stop drill short. The figures they print are what docs/reliability.md quotes.
 */
class EncoderFaultsIT {

    /** {@code encoder.lease} in the encoder's application.yml. */
    private static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    static PipelineLauncher pipeline;
    static PipelineClient api;
    static Queues queues;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        // Three: each drill takes one encoder out, and the job needs another to go to.
        pipeline = PipelineLauncher.builder().encoders(3).environment(Map.of("ENCODER_STOP_GRACE", "1s")).start();
        api = new PipelineClient(pipeline.site());
        queues = new Queues(pipeline);
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void theSameRequestAndNotificationThreeTimesMakeOneEncodeAndOneMail() throws Exception {
        String owner = owner();
        String id = upload(owner);
        // The wire form of docs/architecture.md, "Messages", as the receiver sends it.
        String request = "{\"type\":\"VideoUploaded\",\"version\":1,\"videoId\":\"" + id + "\"}";
        queues.send("pipeline.encode-queue-url", request);
        queues.send("pipeline.encode-queue-url", request);

        assertThat(Json.text(awaitReady(id, owner), "status")).isEqualTo("READY");
        Buckets buckets = Buckets.of(pipeline);
        String media = pipeline.awsProperty("pipeline.media-bucket");
        var published = buckets.objects(media, "media/" + id + "/");
        String ready = "{\"type\":\"VideoReady\",\"version\":1,\"videoId\":\"" + id + "\"}";
        queues.send("pipeline.notify-queue-url", ready);
        queues.send("pipeline.notify-queue-url", ready);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            int held = 0;
            for (String queue : Queues.ALL) {
                held += queues.messages(queue);
            }
            return held == 0;
        });

        System.out.printf("drill: request and notification sent 3 times: %d encode, %d request copies dropped while "
                        + "the claim lived, %d duplicate notifications dropped%n",
                pipeline.lines(Pattern.compile("encode started videoId=\"" + id + "\"")).size(),
                pipeline.lines(Pattern.compile("copy of an encode request dropped.* videoId=\"" + id + "\"")).size(),
                pipeline.lines(Pattern.compile("duplicate notification dropped videoId=\"" + id + "\"")).size());
        assertThat(pipeline.lines(Pattern.compile("encode started videoId=\"" + id + "\""))).hasSize(1);
        assertThat(pipeline.lines(Pattern.compile("encode finished videoId=\"" + id + "\""))).hasSize(1);
        assertThat(buckets.objects(media, "media/" + id + "/")).isEqualTo(published).isNotEmpty();
        assertThat(mailsTo(owner)).isEqualTo(1);
    }

    @Test
    void encoderKilledMidJobLosesNothingAnotherEncoderFinishesIt() throws Exception {
        String owner = owner();
        String id = upload(owner);
        Matcher started = pipeline.awaitLine(startedBy(id), Duration.ofSeconds(60));
        String victim = started.group(1);

        pipeline.service(victim).destroyForcibly();
        Instant killed = Instant.now();

        String ready = awaitReady(id, owner);
        Duration recovery = Duration.between(killed, Instant.now());
        System.out.printf("drill: encoder SIGKILL mid-job: READY %.1f s after the kill (default lease, %d s)%n",
                recovery.toMillis() / 1000.0, DEFAULT_LEASE.toSeconds());
        assertThat(Json.text(ready, "status")).isEqualTo("READY");
        assertThat(pipeline.awaitLine(Pattern.compile("(encoder-\\d) *\\| .*encode finished videoId=\"" + id + "\""),
                Duration.ofSeconds(5)).group(1)).isNotEqualTo(victim);
        assertThat(mailsTo(owner)).isEqualTo(1);
    }

    @Test
    void encoderStoppedMidJobHandsItBackAndAnotherStartsAtOnce() throws Exception {
        String owner = owner();
        String id = upload(owner);
        Matcher started = pipeline.awaitLine(startedBy(id), Duration.ofSeconds(60));
        String stopping = started.group(1);

        pipeline.service(stopping).destroy();
        Instant signalled = Instant.now();

        Matcher resumed = pipeline.awaitLine(Pattern.compile(
                "(encoder-\\d) *\\| .*encode started videoId=\"" + id + "\" attempt=\"2\""), Duration.ofSeconds(60));
        Duration delay = Duration.between(signalled, Instant.now());
        System.out.printf("drill: encoder SIGTERM mid-job: restarted by %s %.1f s after the signal%n",
                resumed.group(1), delay.toMillis() / 1000.0);
        assertThat(resumed.group(1)).isNotEqualTo(stopping);
        assertThat(delay).as("handed back, not left to the lease").isLessThan(DEFAULT_LEASE);
        assertThat(Json.text(awaitReady(id, owner), "status")).isEqualTo("READY");
        assertThat(mailsTo(owner)).isEqualTo(1);
    }

    private static String owner() {
        return "drill-" + UUID.randomUUID() + "@example.com";
    }

    /** A clip long enough (about 10 s of encoding here) for the drill to strike mid-job. */
    private static String upload(String owner) throws Exception {
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 20, 1280, 720, true, 0);
        var answer = api.upload(clip, owner, "Drill");
        assertThat(answer.statusCode()).isEqualTo(202);
        return Json.text(answer.body(), "id");
    }

    private static Pattern startedBy(String id) {
        return Pattern.compile("(encoder-\\d) *\\| .*encode started videoId=\"" + id + "\"");
    }

    private static String awaitReady(String id, String owner) {
        return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.video(id, owner), json -> List.of("READY", "FAILED").contains(Json.text(json, "status")));
    }

    /** Mails to a unique owner: once the first is there, any duplicate would follow within the notification's lease. */
    private static int mailsTo(String owner) {
        String store = pipeline.awsProperty("local-aws.ses-store-url");
        String mails = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get(store).body(), json -> json.contains("\"" + owner + "\""));
        return mails.split(Pattern.quote("\"" + owner + "\""), -1).length - 1;
    }
}
