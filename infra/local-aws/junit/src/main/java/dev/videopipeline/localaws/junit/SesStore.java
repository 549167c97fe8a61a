package dev.videopipeline.localaws.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The emulator's record of sent mail, read and cleared over plain HTTP: aws-ses-v2-local's
 * {@code /store} (cleared by {@code POST /clear-store}) or LocalStack's {@code /_aws/ses}
 * (cleared by {@code DELETE}).
 */
final class SesStore {

    private final URI store;
    private final HttpClient http = HttpClient.newHttpClient();

    SesStore(URI store) {
        this.store = store;
    }

    /** The store as the emulator serves it (JSON). */
    String read() {
        return send(HttpRequest.newBuilder(store).GET().build());
    }

    void clear() {
        HttpRequest request = store.getPath().endsWith("/_aws/ses")
                ? HttpRequest.newBuilder(store).DELETE().build()
                : HttpRequest.newBuilder(store.resolve("/clear-store")).POST(HttpRequest.BodyPublishers.noBody()).build();
        send(request);
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
