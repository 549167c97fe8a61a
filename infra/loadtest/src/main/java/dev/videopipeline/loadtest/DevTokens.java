package dev.videopipeline.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bearer token from a local receiver's {@code POST /dev/tokens}, which signs in any address. A
 * deployment has no such route: there the load comes with a Cognito ID token ({@code -Dtoken}).
 */
public final class DevTokens {

    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private DevTokens() {
    }

    public static String issue(String site, String email) {
        var request = HttpRequest.newBuilder(URI.create(site + "/dev/tokens")).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email.replace("\\", "\\\\")
                        .replace("\"", "\\\"") + "\"}"))
                .build();
        HttpResponse<String> answer = send(request);
        Matcher token = TOKEN.matcher(answer.body());
        if (answer.statusCode() == 404) {
            throw new IllegalStateException(site + " issues no dev tokens (a deployment?): pass a token instead");
        }
        if (answer.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("POST " + request.uri() + " answered " + answer.statusCode() + " "
                    + answer.body());
        }
        return token.group(1);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newBuilder().connectTimeout(TIMEOUT).build().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + request.uri() + " (is the pipeline running?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + request.uri() + " for a token", e);
        }
    }
}
