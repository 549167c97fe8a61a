package dev.videopipeline.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --sample}: makes a short video (FFmpeg through JavaCV, in a JVM of its own on the encoder's
 * classpath) and uploads it as anyone would, so the whole flow shows without a file at hand.
 */
final class SampleUpload {

    static final String OWNER = "sample@example.com";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newHttpClient();

    private final Path root;
    private final String site;

    SampleUpload(Path root, String site) {
        this.root = root;
        this.site = site;
    }

    void run() throws IOException, InterruptedException {
        Path dir = Files.createDirectories(root.resolve("target/local/sample"));
        Process maker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", "testing/clips/target/classes:encoder/target/lib/*",
                "dev.videopipeline.testclips.SampleVideo", dir.toString())
                .directory(root.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> printed = new String(maker.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        if (maker.waitFor() != 0 || printed.isEmpty()) {
            System.out.println("sample: could not make the sample video");
            return;
        }
        Path clip = Path.of(printed.get(printed.size() - 1));
        String boundary = UUID.randomUUID().toString();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"sample.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(URI.create(site + "/videos?title=Sample"))
                .header("Authorization", "Bearer " + signIn())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(clip), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        Matcher id = ID.matcher(answer.body());
        if (answer.statusCode() != 202 || !id.find()) {
            System.out.println("sample: upload answered " + answer.statusCode() + " " + answer.body());
            return;
        }
        System.out.println(Console.colour("1", "sample uploaded for " + OWNER + ": sign in as " + OWNER
                + " and watch it at " + site + "/?video=" + id.group(1)));
    }

    /** The local sign-in the web page uses too. */
    private String signIn() throws IOException, InterruptedException {
        var answer = http.send(HttpRequest.newBuilder(URI.create(site + "/dev/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + OWNER + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = TOKEN.matcher(answer.body());
        if (answer.statusCode() != 200 || !token.find()) {
            throw new IOException("sign-in answered " + answer.statusCode() + " " + answer.body());
        }
        return token.group(1);
    }
}
