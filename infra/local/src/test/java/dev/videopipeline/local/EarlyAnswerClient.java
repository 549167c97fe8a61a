package dev.videopipeline.local;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP/1.1 POST that reads the answer while it is still sending the body, and stops sending
 * once the answer is there, as curl and browsers do. (The JDK's client, like Python's, sends the
 * whole body before it reads a byte of the answer.) Enough for the receiver's problem answers,
 * which come with a Content-Length.
 */
final class EarlyAnswerClient {

    private static final int CHUNK = 64 * 1024;

    private EarlyAnswerClient() {
    }

    static BadInput.Answer post(int port, String target, Map<String, String> headers, byte[] body, Duration deadline)
            throws IOException, InterruptedException {
        try (var socket = new Socket("localhost", port)) {
            var answer = CompletableFuture.supplyAsync(() -> read(socket));
            var sending = new Thread(() -> send(socket, target, headers, body), "early-answer-sender");
            sending.setDaemon(true);
            sending.start();
            try {
                return answer.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("no answer within " + deadline);
            } catch (ExecutionException e) {
                throw new IOException("no answer: " + e.getCause(), e.getCause());
            }
        }
    }

    private static void send(Socket socket, String target, Map<String, String> headers, byte[] body) {
        try {
            OutputStream out = socket.getOutputStream();
            var head = new StringBuilder("POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                    + body.length + "\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            for (int at = 0; at < body.length && !socket.isClosed(); at += CHUNK) {
                out.write(body, at, Math.min(CHUNK, body.length - at));
            }
            out.flush();
        } catch (IOException answeredOrClosed) {
            // the server has answered and closed, or we have: either way, stop sending
        }
    }

    private static BadInput.Answer read(Socket socket) {
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String status = line(in);
            int length = -1;
            String contentType = null;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String name = header.substring(0, header.indexOf(':')).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(header.indexOf(':') + 1).trim();
                if (name.equals("content-length")) {
                    length = Integer.parseInt(value);
                } else if (name.equals("content-type")) {
                    contentType = value;
                }
            }
            if (length < 0) {
                throw new IOException("an answer without Content-Length: " + status);
            }
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new BadInput.Answer(Integer.parseInt(status.split(" ")[1]), contentType, body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String line(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection ended mid-answer");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
