package dev.videopipeline.loadtest.scaleout;

import dev.videopipeline.loadtest.DevTokens;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/** What the experiment does with the API, as one owner: upload a clip, read a video's status. */
final class PipelineClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String site;
    private final String authorization;

    private PipelineClient(String site, String authorization) {
        this.site = site;
        this.authorization = authorization;
    }

    /** Signs in as {@code owner} with a dev token: the experiment runs against the local pipeline. */
    static PipelineClient connect(String site, String owner) {
        return new PipelineClient(site, "Bearer " + DevTokens.issue(site, owner));
    }

    /** The multipart upload, the file its only part. */
    String upload(Path clip, String title) throws IOException, InterruptedException {
        String boundary = UUID.randomUUID().toString();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + clip.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(URI.create(site + "/videos?title=" + encode(title)))
                .header("Authorization", authorization)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(clip), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        String id = Json.field(answer.body(), "id");
        if (answer.statusCode() != 202 || id == null) {
            throw new IllegalStateException("upload answered " + answer.statusCode() + " " + answer.body());
        }
        return id;
    }

    /** The video's status: UPLOADED, ENCODING, READY, FAILED... */
    String status(String id) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(site + "/videos/" + id))
                .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
        String status = Json.field(answer.body(), "status");
        if (answer.statusCode() != 200 || status == null) {
            throw new IllegalStateException("GET /videos/" + id + " answered " + answer.statusCode() + " " + answer.body());
        }
        return status;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
