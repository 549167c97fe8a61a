package dev.videopipeline.loadtest.scaleout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every encode's wall time, from the encoders' own timer ({@code pipeline_encode_seconds}, claim
 * to outcome, result READY) on their Prometheus endpoints. Sampled often, each encoder's count and
 * sum grow by one encode at a time, so each step of the sum is one encode's time (two encodes
 * ending within one sample share their mean). The times add up to the timers' sums exactly. The
 * chunk timer ({@code pipeline_encode_chunk_seconds}, every chunk whoever encoded it) is kept as
 * its total over the encoders.
 */
final class EncoderTimers {

    /** An encoder's timer: encodes counted and their total seconds. */
    record Timer(long count, double sumSeconds) {
    }

    private static final Pattern SERIES = Pattern.compile(
            "^pipeline_encode_seconds_(count|sum)\\{[^}]*result=\"READY\"[^}]*}\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern CHUNK_SERIES = Pattern.compile(
            "^pipeline_encode_chunk_seconds_(count|sum)\\{[^}]*}\\s+(\\S+)", Pattern.MULTILINE);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<URI> endpoints;
    private final Timer[] last;
    private final Timer[] lastChunks;
    private final List<Double> encodeSeconds = new ArrayList<>();

    EncoderTimers(List<URI> endpoints) {
        this.endpoints = List.copyOf(endpoints);
        this.last = new Timer[endpoints.size()];
        this.lastChunks = new Timer[endpoints.size()];
        Arrays.fill(last, new Timer(0, 0));
        Arrays.fill(lastChunks, new Timer(0, 0));
    }

    synchronized void sample() throws IOException, InterruptedException {
        for (int i = 0; i < endpoints.size(); i++) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(endpoints.get(i))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            Timer now = parse(page.body());
            encodeSeconds.addAll(newEncodes(last[i], now));
            last[i] = now;
            lastChunks[i] = parseChunks(page.body());
        }
        notifyAll();
    }

    /** Waits until {@code count} encodes are recorded (the timer is written just after the video's outcome). */
    synchronized List<Double> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (encodeSeconds.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("the encoders' timers counted " + encodeSeconds.size() + " of "
                        + count + " encodes within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return Collections.unmodifiableList(new ArrayList<>(encodeSeconds));
    }

    /** Every chunk the encoders encoded so far, as of the last sample. */
    synchronized Timer chunks() {
        return new Timer(Arrays.stream(lastChunks).mapToLong(Timer::count).sum(),
                Arrays.stream(lastChunks).mapToDouble(Timer::sumSeconds).sum());
    }

    /** The READY series of {@code pipeline_encode_seconds} in a Prometheus page; zero before the first encode. */
    static Timer parse(String prometheus) {
        return total(SERIES.matcher(prometheus));
    }

    /** Every series of {@code pipeline_encode_chunk_seconds} (one per {@code via}) in a Prometheus page, added up. */
    static Timer parseChunks(String prometheus) {
        return total(CHUNK_SERIES.matcher(prometheus));
    }

    private static Timer total(Matcher series) {
        long count = 0;
        double sum = 0;
        while (series.find()) {
            if (series.group(1).equals("count")) {
                count += (long) Double.parseDouble(series.group(2));
            } else {
                sum += Double.parseDouble(series.group(2));
            }
        }
        return new Timer(count, sum);
    }

    /** The encodes between two readings of one timer: the sum's step, shared by the encodes in it. */
    static List<Double> newEncodes(Timer before, Timer after) {
        long encodes = after.count() - before.count();
        if (encodes <= 0) {
            return List.of();
        }
        return Collections.nCopies((int) encodes, (after.sumSeconds() - before.sumSeconds()) / encodes);
    }
}
