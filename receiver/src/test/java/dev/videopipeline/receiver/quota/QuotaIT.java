package dev.videopipeline.receiver.quota;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoChange;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import dev.videopipeline.receiver.auth.DevTokens;
import dev.videopipeline.testclips.TestClips;
import dev.videopipeline.testpipeline.Json;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-owner quotas against the emulated owners table, with small limits so that a few uploads
 * reach them. Requests go through the JDK client, which sends a byte array with its length and a
 * stream chunked, as clients do.
 */
@LocalAwsTest
@MicronautTest
@Property(name = "pipeline.upload.max-bytes", value = QuotaIT.MAX_BYTES)
@Property(name = "pipeline.quota.bytes-per-day", value = QuotaIT.BYTES_PER_DAY)
@Property(name = "pipeline.quota.videos-in-flight", value = "3")
class QuotaIT {

    static final String MAX_BYTES = "2000000";
    static final String BYTES_PER_DAY = "3000000";
    private static final String ANN = "ann@example.com";
    private static final String BOUNDARY = "quota-it-boundary";

    @TempDir
    static Path dir;

    @Inject
    EmbeddedServer server;

    @Inject
    VideoRepository videos;

    @Inject
    PipelineResources resources;

    @Inject
    QuotaSettings settings;

    @Inject
    DevTokens tokens;

    private final HttpClient http = HttpClient.newHttpClient();

    LocalAws aws;

    @BeforeEach
    void reset(LocalAws aws) {
        this.aws = aws;
        aws.reset();
    }

    @Test
    void aVideoBeyondTheLimitInFlightIsRefusedUntilOneFinishes() throws Exception {
        Path clip = TestClips.mp4(dir, 1);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(accepted(upload(ANN, clip)));
        }

        var refused = upload(ANN, clip);

        assertProblem(refused, 429, "3 videos uploading or encoding");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(ownedVideos(ANN)).hasSize(3);
        accepted(upload("bob@example.com", clip));

        // Failed or deleted, a video stops counting without anyone telling the quota.
        videos.transition(ids.get(0), VideoStatus.UPLOADED, VideoStatus.FAILED, VideoChange.with().failureReason("test"));
        accepted(upload(ANN, clip));
        assertThat(send(HttpRequest.newBuilder(url("/videos/" + ids.get(1))).DELETE(), ANN).statusCode()).isEqualTo(204);
        accepted(upload(ANN, clip));
        assertThat(inFlight(ANN)).hasSize(3).doesNotContain(ids.get(0), ids.get(1));
    }

    @Test
    void racingStartsCannotPassTheLimitInFlightTogether() throws Exception {
        int racers = 12;
        var pool = Executors.newFixedThreadPool(racers);
        try {
            List<Callable<Integer>> starts = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                starts.add(() -> startDirect(ANN, 1000).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (var future : pool.invokeAll(starts)) {
                statuses.add(future.get());
            }

            assertThat(statuses).filteredOn(status -> status == 201).hasSize(3);
            assertThat(statuses).filteredOn(status -> status == 429).hasSize(racers - 3);
            assertThat(ownedVideos(ANN)).hasSize(3);
            assertThat(inFlight(ANN)).hasSize(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRetryCountsAmongTheVideosInFlight() throws Exception {
        Path clip = TestClips.mp4(dir, 1);
        String failed = accepted(upload(ANN, clip));
        videos.transition(failed, VideoStatus.UPLOADED, VideoStatus.FAILED, VideoChange.with().failureReason("test"));
        for (int i = 0; i < 3; i++) {
            accepted(upload(ANN, clip));
        }

        var retry = send(HttpRequest.newBuilder(url("/videos/" + failed + "/retry")).POST(BodyPublishers.noBody()), ANN);

        assertProblem(retry, 429, "3 videos uploading or encoding");
        assertThat(videos.find(failed).orElseThrow().status()).isEqualTo(VideoStatus.FAILED);
    }

    @Test
    void theDailyAllowanceCountsStoredBytesAndRenewsTheNextDay() throws Exception {
        Path clip = TestClips.mp4Padded(dir, 1_200_000);
        long size = Files.size(clip);
        String first = accepted(upload(ANN, clip));
        String second = accepted(upload(ANN, clip));

        // Each upload reserved its request's length and kept its file's size.
        assertThat(bytesToday(ANN)).isEqualTo(2 * size);
        var refused = upload(ANN, clip);
        assertProblem(refused, 429, "allowance of " + BYTES_PER_DAY + " bytes");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        long secondsToMidnight = 86_400 - LocalTime.now(ZoneOffset.UTC).toSecondOfDay();
        assertThat(retryAfter).isBetween(secondsToMidnight - 60, secondsToMidnight + 60);
        assertThat(ownedVideos(ANN)).extracting(Video::id).containsExactlyInAnyOrder(first, second);

        // Deleting a video does not give its bytes back; the next day starts over.
        send(HttpRequest.newBuilder(url("/videos/" + first)).DELETE(), ANN);
        assertProblem(upload(ANN, clip), 429, "00:00 UTC");
        aws.dynamoDb().updateItem(b -> b.tableName(resources.ownersTable()).key(owner(ANN))
                .updateExpression("SET bytesDay = :yesterday")
                .expressionAttributeValues(Map.of(":yesterday", AttributeValue.fromS("2020-01-01"))));
        accepted(upload(ANN, clip));
        assertThat(bytesToday(ANN)).isEqualTo(size);
    }

    @Test
    void uploadsAreRefusedOnceTodaysEncodingAllowanceIsUsedUp() throws Exception {
        Path clip = TestClips.mp4(dir, 1);
        aws.dynamoDb().updateItem(b -> b.tableName(resources.ownersTable()).key(owner(ANN))
                .updateExpression("SET secondsDay = :today, secondsToday = :used")
                .expressionAttributeValues(Map.of(":today", AttributeValue.fromS(LocalDate.now(ZoneOffset.UTC).toString()),
                        ":used", AttributeValue.fromN(Long.toString(settings.sourceSecondsPerDay())))));

        var refused = upload(ANN, clip);
        assertProblem(refused, 429, "minutes of video encoded today");
        assertProblem(startDirect(ANN, 1000), 429, "renews at 00:00 UTC");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(ownedVideos(ANN)).isEmpty();

        // Yesterday's seconds count for nothing today.
        aws.dynamoDb().updateItem(b -> b.tableName(resources.ownersTable()).key(owner(ANN))
                .updateExpression("SET secondsDay = :yesterday")
                .expressionAttributeValues(Map.of(":yesterday", AttributeValue.fromS("2020-01-01"))));
        accepted(upload(ANN, clip));
    }

    @Test
    void anUploadOfUnknownLengthReservesTheLargestFileAndKeepsItsOwnSize() throws Exception {
        Path clip = TestClips.mp4(dir, 1);

        accepted(uploadChunked(ANN, clip));

        assertThat(bytesToday(ANN)).isEqualTo(Files.size(clip));
        // With less than the largest file left today, a small upload of unknown length no longer fits.
        aws.dynamoDb().updateItem(b -> b.tableName(resources.ownersTable()).key(owner(ANN))
                .updateExpression("SET bytesToday = :used")
                .expressionAttributeValues(Map.of(":used", AttributeValue.fromN("1000001"))));
        assertProblem(uploadChunked(ANN, clip), 429, "allowance");
        accepted(upload(ANN, clip));
    }

    @Test
    void refusedUploadsGiveTheirAdmissionBack() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video ".repeat(1000));
        for (int i = 0; i < 4; i++) {
            assertProblem(upload(ANN, text), 415, "not in a video container");
        }
        // A direct upload whose stored file is refused at complete gives back its declared size.
        String id = id(startDirect(ANN, Files.size(text)).body());
        aws.s3().putObject(b -> b.bucket(resources.uploadsBucket()).key(videos.find(id).orElseThrow().sourceKey()),
                RequestBody.fromFile(text));
        assertProblem(send(HttpRequest.newBuilder(url("/videos/" + id + "/complete")).POST(BodyPublishers.noBody()), ANN),
                415, "not in a video container");

        assertThat(inFlight(ANN)).isEmpty();
        assertThat(bytesToday(ANN)).isZero();
    }

    private HttpResponse<String> upload(String owner, Path clip) throws Exception {
        return post(owner, BodyPublishers.ofByteArray(form(Files.readAllBytes(clip))));
    }

    /** An InputStream has no length: the JDK client sends it chunked. */
    private HttpResponse<String> uploadChunked(String owner, Path clip) throws Exception {
        byte[] form = form(Files.readAllBytes(clip));
        return post(owner, BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(form)));
    }

    private HttpResponse<String> post(String owner, BodyPublisher form) throws Exception {
        return send(HttpRequest.newBuilder(url("/videos"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY).POST(form), owner);
    }

    private HttpResponse<String> startDirect(String owner, long size) throws Exception {
        return send(HttpRequest.newBuilder(url("/videos/uploads")).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"filename\":\"clip.mp4\",\"size\":" + size + "}")), owner);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String owner) throws Exception {
        return http.send(request.header("Authorization", "Bearer " + tokens.issue(owner).token()).build(),
                BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + server.getPort() + path);
    }

    private static byte[] form(byte[] file) {
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] form = new byte[head.length + file.length + tail.length];
        System.arraycopy(head, 0, form, 0, head.length);
        System.arraycopy(file, 0, form, head.length, file.length);
        System.arraycopy(tail, 0, form, head.length + file.length, tail.length);
        return form;
    }

    private static String accepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return id(response.body());
    }

    private static String id(String body) {
        String id = Json.text(body, "id");
        assertThat(id).as(body).isNotNull();
        return id;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains(detail);
    }

    private List<Video> ownedVideos(String owner) {
        return videos.listByOwner(DevTokens.subjectOf(owner), 100, null).videos();
    }

    private Set<String> inFlight(String owner) {
        var item = ownerItem(owner);
        return item.containsKey("inFlight") ? item.get("inFlight").m().keySet() : Set.of();
    }

    private long bytesToday(String owner) {
        var item = ownerItem(owner);
        return item.containsKey("bytesToday") ? Long.parseLong(item.get("bytesToday").n()) : 0;
    }

    private Map<String, AttributeValue> ownerItem(String owner) {
        return aws.dynamoDb().getItem(b -> b.tableName(resources.ownersTable()).key(owner(owner)).consistentRead(true)).item();
    }

    private static Map<String, AttributeValue> owner(String owner) {
        return Map.of("owner", AttributeValue.fromS(DevTokens.subjectOf(owner)));
    }
}
