package dev.videopipeline.localaws.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * aws-ses-v2-local's record of sent mail ({@code /store}, cleared by {@code POST /clear-store}),
 * read over plain HTTP. The same emulator runs beside LocalStack, so there is one shape.
 */
final class SesStore {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final URI store;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    SesStore(URI store) {
        this.store = store;
    }

    /** The store as the emulator serves it (JSON). */
    String read() {
        return send(HttpRequest.newBuilder(store).timeout(REQUEST_TIMEOUT).GET().build());
    }

    void clear() {
        send(HttpRequest.newBuilder(store.resolve("/clear-store")).timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
