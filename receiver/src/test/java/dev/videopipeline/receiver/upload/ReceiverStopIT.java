package dev.videopipeline.receiver.upload;

import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import dev.videopipeline.receiver.ReceiverProcess;
import dev.videopipeline.testclips.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drill: SIGTERM to a receiver in the middle of an upload, as an ECS rolling update does. The
 * upload outlives the stop's grace, so it is cut off: its client gets a 503, not a 202, its parts
 * are aborted and its item removed, nothing is queued; from the signal on the receiver is not ready
 * and takes no new upload.
 */
@LocalAwsTest
class ReceiverStopIT {

    private static final String BOUNDARY = "stop-drill";
    private static final int PART_SIZE = 5 * 1024 * 1024;

    @Test
    void anUploadCutOffByTheStopGetsAnErrorAndLeavesNothing(LocalAws aws, @TempDir Path dir) throws Exception {
        aws.reset();
        byte[] clip = Files.readAllBytes(TestClips.mp4(dir, 1));
        var receiver = ReceiverProcess.start(aws.properties(), "receiver-stop-it",
                "-Dpipeline.upload.part-size-bytes=" + PART_SIZE, "-Dpipeline.upload.stop-grace=2s");
        String token = receiver.signIn("stop@example.com");
        String uploads = aws.property("pipeline.uploads-bucket");

        try (var socket = new Socket("127.0.0.1", receiver.port())) {
            socket.setSoTimeout(30_000);
            Thread sender = new Thread(() -> sendSlowly(socket, token, clip));
            sender.start();
            // The receiver has the item and a multipart upload with a part stored: the upload is well under way.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !aws.openMultipartUploads(uploads).isEmpty());

            long signalled = System.nanoTime();
            receiver.process().destroy();
            // Not ready any more while the upload is still in progress (its grace is 2 s).
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> !receiver.ready());
            assertThat(newUploadStatus(receiver, token)).as("a new upload after SIGTERM").isNotEqualTo(202);

            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 503");
            assertThat(receiver.process().waitFor(30, TimeUnit.SECONDS)).as("stopped within ECS's 30 s").isTrue();
            System.out.printf("receiver stop drill: upload cut off and the process ended %.1f s after SIGTERM%n",
                    (System.nanoTime() - signalled) / 1e9);
            sender.interrupt();
        }

        assertThat(aws.openMultipartUploads(uploads)).as("open multipart uploads").isEmpty();
        assertThat(aws.s3().listObjectsV2(b -> b.bucket(uploads)).contents()).as("stored objects").isEmpty();
        assertThat(aws.dynamoDb().scan(b -> b.tableName(aws.property("pipeline.videos-table"))).count())
                .as("video items").isZero();
        assertThat(aws.receiveAll(aws.property("pipeline.encode-queue-url"))).as("encode requests").isEmpty();
    }

    /** A clip's bytes, then a part's worth at once, then a trickle: an upload that cannot finish in the grace. */
    private static void sendSlowly(Socket socket, String token, byte[] clip) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /videos?title=Drill HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Length: " + (1L << 30) + "\r\nContent-Type: multipart/form-data; boundary="
                    + BOUNDARY + "\r\n\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
                    + "filename=\"drill.mp4\"\r\nContent-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(clip);
            out.write(new byte[PART_SIZE + 1024]);
            out.flush();
            byte[] trickle = new byte[16 * 1024];
            while (!Thread.currentThread().isInterrupted()) {
                out.write(trickle);
                out.flush();
                Thread.sleep(100); // pacing the client, not synchronising the test
            }
        } catch (IOException closedByTheReceiver) {
            // expected: the receiver answered and closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The status a new upload gets, or 0 when the receiver no longer takes connections. */
    private static int newUploadStatus(ReceiverProcess receiver, String token) throws InterruptedException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(receiver.uri("/videos"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofString("--" + BOUNDARY + "--\r\n")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException refused) {
            return 0;
        }
    }
}
