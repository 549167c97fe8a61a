package dev.videopipeline.receiver.upload;

import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import dev.videopipeline.receiver.ReceiverProcess;
import dev.videopipeline.testclips.TestClips;
import dev.videopipeline.testpipeline.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memory proof: a receiver started as its own process with a 128 MiB heap takes a 300 MiB
 * upload streamed to it, and stores exactly its bytes. Its speed is the upload benchmark's
 * ({@code receiver/bench/upload}): these emulators start fast, not run fast.
 */
@LocalAwsTest
class ReceiverMemoryIT {

    private static final long SIZE = 300L * 1024 * 1024;
    private static final String BOUNDARY = "memory-proof-" + UUID.randomUUID();

    private static ReceiverProcess receiver;
    private static byte[] head;
    private static String token;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startReceiver(LocalAws aws, @TempDir Path dir) throws IOException, InterruptedException {
        aws.reset();
        head = Files.readAllBytes(TestClips.mp4(dir, 1));
        receiver = ReceiverProcess.start(aws.properties(), "receiver-memory-it", "-Xmx128m");
        token = receiver.signIn("mem@example.com");
    }

    @AfterAll
    static void stopReceiver() throws InterruptedException {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void receiverWithA128MiBHeapStreamsA300MiBUploadToS3(LocalAws aws) throws Exception {
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        long started = System.nanoTime();
        HttpResponse<String> response = post("/videos", new DigestInputStream(video(head), sent));
        double receiverSeconds = (System.nanoTime() - started) / 1e9;

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id = Json.text(response.body(), "id");
        String bucket = aws.properties().get("pipeline.uploads-bucket");
        String key = "uploads/" + id + "/source";
        assertThat(aws.s3().headObject(b -> b.bucket(bucket).key(key)).contentLength()).isEqualTo(SIZE);
        MessageDigest stored = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(aws.s3().getObject(b -> b.bucket(bucket).key(key)), stored)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertThat(HexFormat.of().formatHex(stored.digest())).isEqualTo(HexFormat.of().formatHex(sent.digest()));
        long peakRssKiB = peakRssKiB(receiver.process().pid());

        System.out.printf("receiver upload: %d MiB in %.2f s, receiver peak RSS %d MiB (heap -Xmx128m)%n",
                SIZE >> 20, receiverSeconds, peakRssKiB >> 10);
    }

    @Test
    void largeUploadWithoutATokenIsRefusedBeforeItsBodyIsRead() throws Exception {
        assertRefusedEarly("/videos", "", "HTTP/1.1 401");
    }

    @Test
    void largeUploadWithABadTitleIsRefusedBeforeItsBodyIsRead() throws Exception {
        assertRefusedEarly("/videos?title=" + "x".repeat(201), "Authorization: Bearer " + token + "\r\n",
                "HTTP/1.1 400");
    }

    /**
     * The answer comes while the body is still being sent, so the receiver neither waited for nor
     * buffered the file. A raw socket, because java.net.http reads no answer before it has sent all.
     */
    private void assertRefusedEarly(String path, String headers, String expectedStatusLine) throws Exception {
        var sent = new java.util.concurrent.atomic.AtomicLong();
        try (var socket = new java.net.Socket("127.0.0.1", receiver.port())) {
            socket.setSoTimeout(30_000);
            Thread sender = new Thread(() -> {
                try (InputStream body = form(video(head)); var out = socket.getOutputStream()) {
                    out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Content-Length: "
                            + formLength() + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[64 * 1024];
                    int n;
                    while ((n = body.read(chunk)) > 0) {
                        out.write(chunk, 0, n);
                        sent.addAndGet(n);
                        Thread.sleep(1); // pace: ~64 MiB/s, so the whole body takes seconds, not a blink
                    }
                } catch (IOException closedByTheServer) {
                    // expected once the answer is out
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            sender.start();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();

            assertThat(statusLine).startsWith(expectedStatusLine);
            assertThat(sent.get()).as("bytes sent when the answer came").isLessThan(SIZE / 2);
        }
        assertThat(receiver.ready()).as("the receiver is still serving").isTrue();
    }

    private static HttpResponse<String> post(String path, InputStream file) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(receiver.uri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> form(file)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A real clip's first bytes, then deterministic filler up to {@link #SIZE}: never all in memory. */
    private static InputStream video(byte[] head) {
        InputStream filler = new InputStream() {
            private long left = SIZE - head.length;

            @Override
            public int read() {
                return left-- > 0 ? (int) (left & 0x7F) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) ((left - i) & 0x7F);
                }
                left -= n;
                return n;
            }
        };
        return new SequenceInputStream(new ByteArrayInputStream(head), filler);
    }

    private static long formLength() throws IOException {
        try (InputStream empty = form(InputStream.nullInputStream())) {
            return empty.readAllBytes().length + SIZE;
        }
    }

    private static InputStream form(InputStream file) {
        String preamble = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n";
        String epilogue = "\r\n--" + BOUNDARY + "--\r\n";
        return new SequenceInputStream(new SequenceInputStream(
                new ByteArrayInputStream(preamble.getBytes(StandardCharsets.US_ASCII)), file),
                new ByteArrayInputStream(epilogue.getBytes(StandardCharsets.US_ASCII)));
    }

    private static long peakRssKiB(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst().orElse(-1);
    }


}
