package dev.videopipeline.testpipeline;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a client of the pipeline does over HTTP: sign in with a dev token, upload, read a video,
 * fetch its files. A deployment issues no dev tokens: there a client brings a Cognito ID token.
 */
public final class PipelineClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final String site;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    /** @param site the receiver's root, {@code http://localhost:8080} */
    public PipelineClient(String site) {
        this.site = site;
    }

    /** {@code owner}'s token from the local sign-in ({@code POST /dev/tokens}), as the web page gets it; kept. */
    public String token(String owner) {
        // Not computeIfAbsent: that would hold the map while the sign-in waits on the network.
        String token = tokens.get(owner);
        if (token == null) {
            token = signIn(owner);
            tokens.putIfAbsent(owner, token);
        }
        return token;
    }

    /** The {@code Authorization} header value of {@code owner}. */
    public String authorization(String owner) {
        return "Bearer " + token(owner);
    }

    /** A request to the pipeline's site, {@code path} from its root ({@code /videos/…}). */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(site + path));
    }

    /** Sends {@code request} with {@code owner}'s token, or none when {@code owner} is null. */
    public HttpResponse<String> send(HttpRequest.Builder request, String owner) throws IOException, InterruptedException {
        if (owner != null) {
            request.header("Authorization", authorization(owner));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A streaming upload as any client may send it, the file its only part: {@code filename} goes
     * into the part's header as UTF-8 bytes, unescaped (quotes, NUL, paths and all); no title
     * parameter when {@code title} is null.
     */
    public HttpRequest.Builder uploadRequest(Path file, String filename, String title) throws IOException {
        String boundary = UUID.randomUUID().toString();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return request("/videos" + (title == null ? "" : "?title=" + URLEncoder.encode(title, StandardCharsets.UTF_8)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail)));
    }

    /** @return the upload's answer: status and body */
    public HttpResponse<String> upload(Path file, String owner, String title) throws IOException, InterruptedException {
        return send(uploadRequest(file, file.getFileName().toString(), title), owner);
    }

    /** An upload that must be accepted: @return the new video's id */
    public String uploadVideo(Path file, String owner, String title) throws IOException, InterruptedException {
        HttpResponse<String> answer = upload(file, owner, title);
        String id = answer.statusCode() == 202 ? Json.text(answer.body(), "id") : null;
        if (id == null) {
            throw new IllegalStateException("upload answered " + answer.statusCode() + " " + answer.body());
        }
        return id;
    }

    /** {@code GET /videos/{id}}'s body, whatever its status. */
    public String video(String id, String owner) throws IOException, InterruptedException {
        return send(request("/videos/" + id), owner).body();
    }

    /** The video's status (UPLOADED, ENCODING, READY, FAILED…); the video must exist. */
    public String status(String id, String owner) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(request("/videos/" + id), owner);
        String status = answer.statusCode() == 200 ? Json.text(answer.body(), "status") : null;
        if (status == null) {
            throw new IllegalStateException("GET /videos/" + id + " answered " + answer.statusCode() + " " + answer.body());
        }
        return status;
    }

    /** A GET of any URL (a media file, a manifest), with no token. */
    public HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<Path> download(String url, Path file) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofFile(file));
    }

    private String signIn(String owner) {
        HttpRequest request = request("/dev/tokens").timeout(CONNECT_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("email", owner))))
                .build();
        HttpResponse<String> answer;
        try {
            answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + request.uri() + " (is the pipeline running?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + request.uri() + " for a token", e);
        }
        if (answer.statusCode() == 404) {
            throw new IllegalStateException(site + " issues no dev tokens (a deployment?): pass a token instead");
        }
        String token = answer.statusCode() == 200 ? Json.text(answer.body(), "token") : null;
        if (token == null) {
            throw new IllegalStateException("POST " + request.uri() + " answered " + answer.statusCode() + " "
                    + answer.body());
        }
        return token;
    }
}
