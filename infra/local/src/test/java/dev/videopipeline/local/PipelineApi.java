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

    /**
     * A streaming upload as any client may send it, to {@link #send} as someone or no one:
     * {@code filename} goes into the part's header as UTF-8 bytes, unescaped (quotes, NUL, paths
     * and all); no title parameter when {@code title} is null.
     */
    HttpRequest.Builder uploadRequest(Path file, String filename, String title) throws IOException {
        String boundary = UUID.randomUUID().toString();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return request("/videos" + (title == null ? "" : "?title=" + URLEncoder.encode(title, StandardCharsets.UTF_8)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail)));
    }

    /** A request to the pipeline's site, {@code path} from its root ({@code /videos/…}). */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(site + path));
    }

    /** Sends {@code request} with {@code owner}'s token, or none when {@code owner} is null. */
    HttpResponse<String> send(HttpRequest.Builder request, String owner) throws IOException, InterruptedException {
        if (owner != null) {
            request.header("Authorization", "Bearer " + token(owner));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code Authorization} header value of {@code owner}. */
    String authorization(String owner) throws IOException, InterruptedException {
        return "Bearer " + token(owner);
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

    /** A string field of a JSON text (the first with that name), its escapes decoded; null when there is none. */
    static String text(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*+)\"")
                .matcher(json);
        if (!matcher.find()) {
            return null;
        }
        String raw = matcher.group(1);
        var text = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                text.append(c);
                continue;
            }
            char escaped = raw.charAt(++i);
            switch (escaped) {
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'u' -> {
                    text.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> text.append(escaped);
            }
        }
        return text.toString();
    }

    /** A string field of a JSON answer (the first with that name), or null. */
    static String field(String json, String name) {
        Matcher matcher = Pattern.compile(String.format(STRING_FIELD.pattern(), Pattern.quote(name))).matcher(json);
        return matcher.find() ? matcher.group(1) : null;
    }
}
