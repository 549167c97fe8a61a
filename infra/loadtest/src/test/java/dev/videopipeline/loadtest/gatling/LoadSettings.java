package dev.videopipeline.loadtest.gatling;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A run's parameters, as system properties ({@code -DusersPerSec=2 -Dduration=30}). Each simulation
 * has its own default rate and duration, bounded so that the three together take under a minute.
 *
 * @param baseUrl     the receiver, without a trailing slash
 * @param usersPerSec new virtual users a second (the peak, for the ramp)
 * @param duration    how long new users arrive; the run ends when the last one is done
 * @param readyWithin how long a video may take from its upload to READY before it counts as failed
 * @param email       the owner of every video of the run (and the token's subject)
 * @param token       a bearer token to send as it is; absent: {@link Authentication} gets one
 * @param video       the file every upload sends; absent: a generated clip of {@code clipSeconds}
 */
record LoadSettings(String baseUrl, double usersPerSec, Duration duration, Duration readyWithin, String email,
                    Optional<String> token, Optional<Path> video, double clipSeconds) {

    static LoadSettings fromSystemProperties(double defaultUsersPerSec, Duration defaultDuration) {
        return new LoadSettings(
                System.getProperty("baseUrl", "http://localhost:8080").replaceAll("/+$", ""),
                Double.parseDouble(System.getProperty("usersPerSec", String.valueOf(defaultUsersPerSec))),
                seconds("duration", defaultDuration),
                seconds("readyWithin", Duration.ofSeconds(30)),
                System.getProperty("email", "loadtest@example.com"),
                Optional.ofNullable(System.getProperty("token")).filter(token -> !token.isBlank()),
                Optional.ofNullable(System.getProperty("video")).map(LoadSettings::existingFile),
                Double.parseDouble(System.getProperty("clipSeconds", "3")));
    }

    private static Duration seconds(String property, Duration fallback) {
        String value = System.getProperty(property);
        return value == null ? fallback : Duration.ofSeconds(Long.parseLong(value));
    }

    /** A typo in -Dvideo should stop the run before it starts, not fail every upload. */
    private static Path existingFile(String path) {
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("-Dvideo=" + path + ": no such file");
        }
        return file.toAbsolutePath();
    }
}
