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
 * a short grace keeps the stop drill short. The same drills strike a chunked video mid-chunk (short
 * chunks here, a longer clip): only the chunk under way is encoded again. The figures they print
 * are what docs/reliability.md quotes.
 */
class EncoderFaultsIT {

    /** {@code encoder.lease} in the encoder's application.yml. */
    private static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    static PipelineLauncher pipeline;
    static PipelineClient api;
    static Queues queues;

    @TempDir
    static Path dir;

    /** Videos this long and more are chunked here; the whole-video drills' clips are shorter. */
    private static final int CHUNKED_FROM_SECONDS = 30;
    private static final int CHUNK_SECONDS = 12;
    /** Three chunks: the video's encoder takes one, two others the rest, and more stay idle. */
    private static final int CHUNKED_CLIP_SECONDS = 36;

    @BeforeAll
    static void start() throws Exception {
        // Eight: five drills take one encoder out each, whatever their order, and the last may be a
        // chunked one, which needs three busy (the video's and its other chunks') and one idle.
        pipeline = PipelineLauncher.builder().encoders(8).environment(Map.of("ENCODER_STOP_GRACE", "1s",
                "ENCODER_CHUNKING_THRESHOLD", CHUNKED_FROM_SECONDS + "s",
                "ENCODER_CHUNKING_CHUNK_LENGTH", CHUNK_SECONDS + "s")).start();
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

    @Test
    void encoderKilledMidChunkLosesOnlyThatChunk() throws Exception {
        String owner = owner();
        String id = uploadChunked(owner);
        Matcher chunk = pipeline.awaitLine(chunkStarted(id, "request"), Duration.ofSeconds(90));

        pipeline.service(chunk.group(1)).destroyForcibly();
        Instant killed = Instant.now();

        String ready = awaitReady(id, owner);
        System.out.printf("drill: encoder SIGKILL mid-chunk: READY %.1f s after the kill (default lease, %d s); %s%n",
                Duration.between(killed, Instant.now()).toMillis() / 1000.0, DEFAULT_LEASE.toSeconds(), work(id));
        assertThat(Json.text(ready, "status")).isEqualTo("READY");
        assertEachChunkEncodedOnce(id);
        assertThat(chunkAttempt(id, chunk.group(2))).as("the killed chunk's attempt that counts").isGreaterThan(1);
        assertThat(pipeline.lines(Pattern.compile("encode started videoId=\"" + id + "\""))).as("the video's encode")
                .hasSize(1);
        assertThat(mailsTo(owner)).isEqualTo(1);
    }

    @Test
    void theVideosEncoderKilledMidChunkLeavesTheDoneChunksDone() throws Exception {
        String owner = owner();
        String id = uploadChunked(owner);
        String coordinator = pipeline.awaitLine(chunkStarted(id, "video"), Duration.ofSeconds(90)).group(1);

        pipeline.service(coordinator).destroyForcibly();
        Instant killed = Instant.now();

        // The others' chunks go on meanwhile; the request comes back once its lease runs out.
        Matcher taken = pipeline.awaitLine(Pattern.compile("(encoder-\\d) *\\| .*encode started videoId=\"" + id
                + "\" attempt=\"2\""), Duration.ofSeconds(120));
        Instant takenAt = Instant.now();
        int doneAtTakeOver = pipeline.lines(chunkEncodedPattern(id)).size();
        String ready = awaitReady(id, owner);
        System.out.printf("drill: the video's encoder SIGKILL mid-chunk: taken over %.1f s after the kill with %d chunk(s)"
                        + " done and kept, READY %.1f s after it; %s%n", Duration.between(killed, takenAt).toMillis()
                        / 1000.0, doneAtTakeOver, Duration.between(killed, Instant.now()).toMillis() / 1000.0, work(id));
        assertThat(Json.text(ready, "status")).isEqualTo("READY");
        assertThat(taken.group(1)).isNotEqualTo(coordinator);
        assertEachChunkEncodedOnce(id);
        assertThat(mailsTo(owner)).isEqualTo(1);
    }

    @Test
    void encoderStoppedMidChunkHandsItBackAndAnotherTakesItAtOnce() throws Exception {
        String owner = owner();
        String id = uploadChunked(owner);
        Matcher chunk = pipeline.awaitLine(chunkStarted(id, "request"), Duration.ofSeconds(90));
        String stopping = chunk.group(1);

        pipeline.service(stopping).destroy();
        Instant signalled = Instant.now();

        Matcher again = pipeline.awaitLine(Pattern.compile("(encoder-\\d) *\\| .*chunk started videoId=\"" + id
                + "\" chunk=\"" + chunk.group(2) + "\" attempt=\"2\""), Duration.ofSeconds(60));
        Duration delay = Duration.between(signalled, Instant.now());
        String ready = awaitReady(id, owner);
        System.out.printf("drill: encoder SIGTERM mid-chunk: chunk %s taken again by %s %.1f s after the signal; %s%n",
                chunk.group(2), again.group(1), delay.toMillis() / 1000.0, work(id));
        assertThat(pipeline.lines(Pattern.compile(stopping + " *\\| .*chunk handed back at stop videoId=\"" + id
                + "\" chunk=\"" + chunk.group(2) + "\""))).hasSize(1);
        assertThat(again.group(1)).isNotEqualTo(stopping);
        assertThat(delay).as("handed back, not left to the lease").isLessThan(DEFAULT_LEASE);
        assertThat(Json.text(ready, "status")).isEqualTo("READY");
        assertEachChunkEncodedOnce(id);
        assertThat(mailsTo(owner)).isEqualTo(1);
    }

    /** A clip chunked here into three, each several seconds of encoding, so a drill strikes mid-chunk. */
    private static String uploadChunked(String owner) throws Exception {
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, CHUNKED_CLIP_SECONDS, 1280, 720, true, 0);
        var answer = api.upload(clip, owner, "Chunked drill");
        assertThat(answer.statusCode()).isEqualTo(202);
        return Json.text(answer.body(), "id");
    }

    /** The first chunk of the video started by an encoder, and which: group 1 the encoder, 2 the chunk. */
    private static Pattern chunkStarted(String id, String via) {
        return Pattern.compile("(encoder-\\d) *\\| .*chunk started videoId=\"" + id + "\" chunk=\"(\\d+)\""
                + " attempt=\"1\" via=\"" + via + "\"");
    }

    /** Group 1 the encoder, 2 the chunk, 3 its attempt. */
    private static Pattern chunkEncodedPattern(String id) {
        return Pattern.compile("(encoder-\\d) *\\| .*chunk encoded videoId=\"" + id + "\" chunk=\"(\\d+)\""
                + " attempt=\"(\\d+)\"");
    }

    private static List<Matcher> chunksEncoded(String id) {
        return pipeline.lines(chunkEncodedPattern(id)).stream().map(chunkEncodedPattern(id)::matcher)
                .filter(Matcher::find).toList();
    }

    /** The attempt whose parts count, of a chunk encoded once. */
    private static int chunkAttempt(String id, String chunk) {
        return chunksEncoded(id).stream().filter(m -> m.group(2).equals(chunk)).map(m -> Integer.parseInt(m.group(3)))
                .findFirst().orElseThrow();
    }

    /** Work lost = chunk attempts started and never finished; nothing else may be encoded twice. */
    private static void assertEachChunkEncodedOnce(String id) {
        Matcher planned = pipeline.awaitLine(Pattern.compile("chunked encode planned videoId=\"" + id
                + "\" chunks=\"(\\d+)\""), Duration.ofSeconds(5));
        assertThat(chunksEncoded(id)).extracting(m -> m.group(2)).as("chunks encoded")
                .hasSize(Integer.parseInt(planned.group(1))).doesNotHaveDuplicates();
    }

    private static String work(String id) {
        int started = pipeline.lines(Pattern.compile("chunk started videoId=\"" + id + "\"")).size();
        int encoded = pipeline.lines(chunkEncodedPattern(id)).size();
        return String.format("%d chunk attempts for %d chunks: %d chunk(s) of %d s encoded again", started, encoded,
                started - encoded, CHUNK_SECONDS);
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
