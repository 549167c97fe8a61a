package dev.videopipeline.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videopipeline.testclips.TestClips;
import dev.videopipeline.testpipeline.Json;
import dev.videopipeline.testpipeline.PipelineClient;
import dev.videopipeline.testpipeline.PipelineLauncher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An attacker's requests to the local pipeline (its real processes, on loopback): nothing internal
 * answers on the public port, readiness floods cost no AWS calls, a client dripping bytes loses
 * its upload, a presigned part takes only its own length, forged tokens get nowhere, one owner
 * cannot hold the encoders, and a deleted video's media stop being served. Two encoders and one
 * encode at once per owner: the fleet is larger than one owner's share, as in production.
 */
class SecurityIT {

    private static final Pattern GET_QUEUE_ATTRIBUTES = Pattern.compile(
            "pipeline_aws_calls_total\\{[^}]*operation=\"GetQueueAttributes\"[^}]*} ([0-9.E]+)");

    static PipelineLauncher pipeline;
    static PipelineClient api;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pipeline = PipelineLauncher.builder().encoders(2).environment(Map.of(
                "PIPELINE_QUOTA_ENCODES_AT_ONCE", "1",
                "PIPELINE_QUOTA_BUSY_OWNER_WAIT", "2s",
                "PIPELINE_UPLOAD_RATE_WINDOW", "5s")).start();
        api = new PipelineClient(pipeline.site());
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void managementEndpointsAreNotOnThePublicPort() throws Exception {
        String owner = owner();
        for (String path : List.of("/beans", "/routes", "/threaddump", "/info", "/refresh", "/loggers", "/env",
                "/health", "/health/readiness", "/prometheus")) {
            for (String method : List.of("GET", "POST")) {
                var request = api.request(path).method(method, HttpRequest.BodyPublishers.noBody());
                assertThat(api.send(request, null).statusCode()).as("%s %s anonymous", method, path).isEqualTo(404);
                request = api.request(path).method(method, HttpRequest.BodyPublishers.noBody());
                assertThat(api.send(request, owner).statusCode()).as("%s %s signed in", method, path).isEqualTo(404);
            }
        }
        var live = api.send(api.request("/livez"), null);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void aFloodOfReadinessChecksIsAnsweredFromTheCache() throws Exception {
        double before = queueChecks();

        for (int i = 0; i < 200; i++) {
            assertThat(api.get(pipeline.management() + "/health/readiness").statusCode()).isEqualTo(200);
        }

        // The cache lives 5 s: a flood that outlasts it costs one more round, never one per call.
        assertThat(queueChecks() - before).as("GetQueueAttributes calls for 200 readiness checks").isLessThanOrEqualTo(2);
    }

    @Test
    void aClientDrippingItsUploadIsCutAndNothingIsKept() throws Exception {
        String owner = owner();
        byte[] clip = Files.readAllBytes(TestClips.mp4(dir, 2));
        String boundary = "drip";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"drip.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        long declared = head.length + 64L * 1024 * 1024;
        Buckets buckets = Buckets.of(pipeline);
        String uploads = pipeline.awsProperty("pipeline.uploads-bucket");
        var openBefore = buckets.openUploads(uploads, "uploads/");
        var storedBefore = buckets.objects(uploads, "uploads/");
        long started = System.nanoTime();
        String statusLine;
        try (var socket = new Socket("127.0.0.1", pipeline.port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /videos HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + api.authorization(owner)
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + declared
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(head);
            out.write(clip);
            out.flush();
            var drip = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        out.write('x');
                        out.flush();
                        Thread.sleep(500); // the attacker's pace, not the test's synchronisation
                    }
                } catch (IOException | InterruptedException cut) {
                    // the receiver closed the connection, or the test is done
                }
            });
            drip.start();
            statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            drip.interrupt();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(statusLine).startsWith("HTTP/1.1 408");
        assertThat(seconds).as("cut within the window (5 s) and a read").isLessThan(20);
        System.out.printf("slow-drip upload cut after %.1f s%n", seconds);
        assertThat(api.send(api.request("/videos"), owner).body()).contains("\"videos\":[]");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(buckets.openUploads(uploads, "uploads/")).isEqualTo(openBefore));
        assertThat(buckets.objects(uploads, "uploads/")).isEqualTo(storedBefore);
    }

    @Test
    void aPresignedPartTakesOnlyItsOwnLength() throws Exception {
        String owner = owner();
        long size = 150L * 1024 * 1024;
        var ticket = api.send(api.request("/videos/uploads").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"filename\":\"big.mp4\",\"size\":" + size + "}")), owner);
        assertThat(ticket.statusCode()).as(ticket.body()).isEqualTo(201);
        JsonNode answer = Json.parse(ticket.body());
        String id = answer.path("id").asText();
        String partUrl = answer.path("upload").path("parts").path(0).path("url").asText();
        long partSize = answer.path("upload").path("partSizeBytes").asLong();

        byte[] oversize = new byte[(int) partSize + 1024 * 1024];
        boolean refused;
        try {
            refused = HTTP.send(HttpRequest.newBuilder(URI.create(partUrl)).PUT(HttpRequest.BodyPublishers
                    .ofByteArray(oversize)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 403;
        } catch (IOException cut) {
            refused = true; // S3 answered and closed the connection the body was still coming on
        }

        assertThat(refused).as("S3 refuses a part longer than its URL signs").isTrue();
        var complete = api.send(api.request("/videos/" + id + "/complete").POST(HttpRequest.BodyPublishers.noBody()), owner);
        assertThat(complete.statusCode()).as("no part stored: %s", complete.body()).isEqualTo(409);
        assertThat(api.send(api.request("/videos/" + id).DELETE(), owner).statusCode()).isEqualTo(204);
    }

    @Test
    void forgedTokensAreUnauthorized() throws Exception {
        String real = api.authorization(owner()).substring("Bearer ".length());
        String[] parts = real.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(new String(
                Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"email\":\"[^\"]+\"", "\"email\":\"victim@example.com\"").getBytes(StandardCharsets.UTF_8));
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        Map<String, String> forged = new HashMap<>();
        forged.put("no token", null);
        forged.put("garbage", "not.a.token");
        forged.put("payload changed", parts[0] + "." + otherPayload + "." + parts[2]);
        forged.put("unsigned", none + "." + parts[1] + ".");
        forged.put("signature cut", parts[0] + "." + parts[1] + ".");

        for (var token : forged.entrySet()) {
            var request = api.request("/videos");
            if (token.getValue() != null) {
                request.header("Authorization", "Bearer " + token.getValue());
            }
            var answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(token.getKey()).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type")).as(token.getKey()).hasValue("application/problem+json");
        }
    }

    @Test
    void oneOwnersQueueDoesNotHoldTheEncodersFromAnother() throws Exception {
        String ann = owner();
        String bob = owner();
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 20, 640, 360, true, 0);
        List<String> anns = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            var answer = api.upload(clip, ann, "ann " + i);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            anns.add(Json.text(answer.body(), "id"));
        }
        var bobs = api.upload(clip, bob, "bob");
        assertThat(bobs.statusCode()).as(bobs.body()).isEqualTo(202);
        String bobsId = Json.text(bobs.body(), "id");

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> started(bobsId, bob));
        long annsStarted = 0;
        for (String id : anns) {
            annsStarted += started(id, ann) ? 1 : 0;
        }

        assertThat(annsStarted).as("Ann's videos started when Bob's did").isLessThanOrEqualTo(2);
        System.out.printf("fairness: Bob's video started with %d of Ann's 10 started%n", annsStarted);
        for (String id : anns) {
            api.send(api.request("/videos/" + id).DELETE(), ann);
        }
    }

    @Test
    void aDeletedVideosMediaAreNoLongerServed() throws Exception {
        String owner = owner();
        var answer = api.upload(TestClips.mp4(dir, 2), owner, "soon gone");
        String id = Json.text(answer.body(), "id");
        String ready = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.video(id, owner), json -> json.contains("\"status\":\"READY\""));
        String master = Json.text(ready, "hlsUrl");
        String poster = Json.text(ready, "posterUrl");
        var before = api.get(poster);
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.headers().firstValue("Cache-Control")).hasValue("private, max-age=3600");

        assertThat(api.send(api.request("/videos/" + id).DELETE(), owner).statusCode()).isEqualTo(204);

        assertThat(api.get(master).statusCode()).isEqualTo(404);
        assertThat(api.get(poster).statusCode()).isEqualTo(404);
    }

    private static boolean started(String id, String owner) throws IOException, InterruptedException {
        String status = Json.text(api.video(id, owner), "status");
        return Arrays.asList("ENCODING", "READY", "FAILED").contains(status);
    }

    private static double queueChecks() throws IOException, InterruptedException {
        var metrics = api.get(pipeline.management() + "/prometheus").body();
        var matcher = GET_QUEUE_ATTRIBUTES.matcher(metrics);
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }

    private static String owner() {
        return "attacker-" + UUID.randomUUID() + "@example.com";
    }
}
