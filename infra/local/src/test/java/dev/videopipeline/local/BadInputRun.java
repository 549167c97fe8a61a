package dev.videopipeline.local;

import dev.videopipeline.local.BadInput.Answer;
import dev.videopipeline.testclips.TestClips;
import dev.videopipeline.testpipeline.Json;
import dev.videopipeline.testpipeline.PipelineClient;
import dev.videopipeline.testpipeline.PipelineLauncher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * One row's run: a fresh owner, and what a client does over HTTP as that owner. Every request
 * must be answered within {@link #ANSWER_DEADLINE}: a client left waiting is a failure too.
 */
final class BadInputRun {

    static final Duration ANSWER_DEADLINE = Duration.ofSeconds(15);

    final String owner = "bad-" + UUID.randomUUID() + "@example.com";
    final PipelineLauncher pipeline;
    final PipelineClient api;
    final Buckets buckets;
    final SentMails mails;
    final Path dir;
    final String uploadsBucket;
    final String mediaBucket;
    private final HttpClient http = HttpClient.newHttpClient();

    BadInputRun(PipelineLauncher pipeline, PipelineClient api, Buckets buckets, SentMails mails, Path dir) {
        this.pipeline = pipeline;
        this.api = api;
        this.buckets = buckets;
        this.mails = mails;
        this.dir = dir;
        this.uploadsBucket = pipeline.awsProperty("pipeline.uploads-bucket");
        this.mediaBucket = pipeline.awsProperty("pipeline.media-bucket");
    }

    /** A small real video (1 s, 160x120, with sound): what the rows about names and titles send. */
    Path smallClip() {
        return TestClips.write(dir, TestClips.Kind.MP4, 1, 160, 120, true, 0);
    }

    /** {@code POST /videos} as the JDK's client sends it: the whole body, then it reads the answer. */
    Answer upload(Path file, String filename, String title) throws IOException, InterruptedException {
        return send(api.uploadRequest(file, filename, title));
    }

    /** {@code POST /videos} without a token. */
    Answer uploadAnonymously(Path file, String filename, String title) throws IOException, InterruptedException {
        return answer(api.uploadRequest(file, filename, title), null);
    }

    /** {@code POST /videos} as curl and browsers send it: they stop sending once the answer is there. */
    Answer uploadReadingEarly(Path file, String filename, String title) throws IOException, InterruptedException {
        String boundary = UUID.randomUUID().toString();
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(file));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return EarlyAnswerClient.post(pipeline.port(), "/videos?title=" + URLEncoder.encode(title, StandardCharsets.UTF_8),
                Map.of("Authorization", api.authorization(owner),
                        "Content-Type", "multipart/form-data; boundary=" + boundary),
                body.toByteArray(), ANSWER_DEADLINE);
    }

    Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return answer(request, owner);
    }

    Answer sendWithoutToken(HttpRequest.Builder request) throws IOException, InterruptedException {
        return answer(request, null);
    }

    /** The local sign-in ({@code POST /dev/tokens}) with {@code json} as the body. */
    Answer signIn(String json) throws IOException, InterruptedException {
        return sendWithoutToken(api.request("/dev/tokens").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(api.request(path));
    }

    Answer postJson(String path, String json) throws IOException, InterruptedException {
        return send(api.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A multipart form of one part, {@code name}, as the owner. */
    Answer multipart(String name, String filename, byte[] content) throws IOException, InterruptedException {
        String boundary = UUID.randomUUID().toString();
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                + "\"; filename=\"" + filename + "\"\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(api.request("/videos").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** {@code POST /videos/uploads}: a direct upload's ticket. */
    Answer startDirectUpload(String filename, long size) throws IOException, InterruptedException {
        return postJson("/videos/uploads", "{\"filename\":\"" + filename + "\",\"size\":" + size + "}");
    }

    Answer complete(String id) throws IOException, InterruptedException {
        return send(api.request("/videos/" + id + "/complete").POST(HttpRequest.BodyPublishers.noBody()));
    }

    Answer delete(String id) throws IOException, InterruptedException {
        return send(api.request("/videos/" + id).DELETE());
    }

    /**
     * A PUT to a presigned URL, as a browser sends it: no token, just the bytes. Sent again once if
     * the connection breaks without an answer: S3 may refuse a PUT before reading its body and close
     * the connection, and a client still writing then sees the break instead of the refusal.
     */
    int put(String url, byte[] bytes) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_DEADLINE)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException broken) {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    /** The video's answer once {@code until} holds for it, polled until {@code deadline}. */
    Answer awaitVideo(String id, Duration deadline, Predicate<Answer> until) {
        return await().atMost(deadline).pollInterval(Duration.ofMillis(200)).until(() -> get("/videos/" + id), until);
    }

    /** The video once it is READY or FAILED. */
    String awaitOutcome(String id) {
        return awaitVideo(id, Duration.ofSeconds(90),
                answer -> List.of("READY", "FAILED").contains(Json.text(answer.body(), "status"))).body();
    }

    /** The one mail to the owner, once it is there. */
    SentMails.SentMail awaitMail() {
        List<SentMails.SentMail> sent = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> mails.to(owner), list -> !list.isEmpty());
        if (sent.size() != 1) {
            throw new AssertionError(sent.size() + " mails to " + owner + ", not one: " + sent);
        }
        return sent.get(0);
    }

    private Answer answer(HttpRequest.Builder request, String as) throws IOException, InterruptedException {
        try {
            return Answer.of(api.send(request.timeout(ANSWER_DEADLINE), as));
        } catch (HttpTimeoutException e) {
            throw new AssertionError("no answer within " + ANSWER_DEADLINE + " (the client sends the whole body "
                    + "before it reads the answer)", e);
        }
    }
}
