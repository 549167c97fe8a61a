package dev.videopipeline.local;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a client of the pipeline does over HTTP: sign in, upload, read a video's status, fetch files. */
final class PipelineApi {

    private static final Pattern STRING_FIELD = Pattern.compile("\"%s\"\\s*:\\s*\"([^\"]*)\"");

    private final String site;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    PipelineApi(String site) {
        this.site = site;
    }

    /** @return the upload's answer: status and body */
    HttpResponse<String> upload(Path file, String owner, String title) throws IOException, InterruptedException {
        String boundary = UUID.randomUUID().toString();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create(site + "/videos?title="
                                + URLEncoder.encode(title, StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + token(owner))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                                HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String video(String id, String owner) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(site + "/videos/" + id))
                .header("Authorization", "Bearer " + token(owner)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The owner's token from the local sign-in, as the web page gets it. */
    private String token(String owner) throws IOException, InterruptedException {
        String token = tokens.get(owner);
        if (token == null) {
            var answer = http.send(HttpRequest.newBuilder(URI.create(site + "/dev/tokens"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + owner + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            token = field(answer.body(), "token");
            if (answer.statusCode() != 200 || token == null) {
                throw new IOException("sign-in answered " + answer.statusCode() + " " + answer.body());
            }
            tokens.put(owner, token);
        }
        return token;
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<Path> download(String url, Path file) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofFile(file));
    }

    /** A string field of a JSON answer (the first with that name), or null. */
    static String field(String json, String name) {
        Matcher matcher = Pattern.compile(String.format(STRING_FIELD.pattern(), Pattern.quote(name))).matcher(json);
        return matcher.find() ? matcher.group(1) : null;
    }
}
