package dev.videopipeline.loadtest.scaleout;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * One run of the experiment: its burst's videos, the encoders' encode times, the queue's depth
 * over time and how busy the machine's cores were meanwhile, and with what.
 *
 * @param encoders      encoders competing on the queue
 * @param whole         whether chunked encoding was off
 * @param burstStarted  when the first upload was sent
 * @param videos        every video of the burst, READY or FAILED
 * @param encodeSeconds each READY encode's wall time, from the encoders' timers
 * @param chunks        every chunk encoded in the run and their total wall time (none: not chunked)
 * @param queue         the encode queue, about once a second
 * @param machineBusy   share of all cores busy during the burst, whatever with (NaN: unknown)
 * @param pipelineBusy  share of all cores the pipeline's own processes used during the burst
 */
record RunResult(int encoders, boolean whole, Instant burstStarted, List<VideoOutcome> videos, List<Double> encodeSeconds,
                 EncoderTimers.Timer chunks, List<QueueSampler.Sample> queue, double machineBusy, double pipelineBusy) {

    RunResult {
        videos = List.copyOf(videos);
        encodeSeconds = List.copyOf(encodeSeconds);
        queue = List.copyOf(queue);
    }

    /** The run as the report names it. */
    String label() {
        return encoders + (whole ? " (whole)" : "");
    }

    long ready() {
        return videos.stream().filter(VideoOutcome::ready).count();
    }

    long failed() {
        return videos.size() - ready();
    }

    /** From the first upload accepted to the last video READY or FAILED. */
    Duration span() {
        Instant first = videos.stream().map(VideoOutcome::accepted).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = videos.stream().map(VideoOutcome::finished).max(Comparator.naturalOrder()).orElseThrow();
        return Duration.between(first, last);
    }

    /** Videos READY per minute over the {@link #span()}. */
    double throughputPerMinute() {
        return ready() / (span().toMillis() / 60_000.0);
    }

    /** Upload accepted to READY, seconds, nearest rank (100: the longest). */
    double latencyPercentile(double percentile) {
        return percentile(videos.stream().filter(VideoOutcome::ready).map(VideoOutcome::uploadToFinishedSeconds)
                .toList(), percentile);
    }

    /** The cores' share that went to something else than the pipeline (this experiment's polling included). */
    double othersBusy() {
        return machineBusy - pipelineBusy;
    }

    /** One chunk's mean wall time, all its rungs (NaN: no chunks). */
    double meanChunkSeconds() {
        return chunks.count() == 0 ? Double.NaN : chunks.sumSeconds() / chunks.count();
    }

    double meanEncodeSeconds() {
        return encodeSeconds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Throughput against {@code encoders} times one encoder's: 1 is perfect scale-out. */
    double efficiency(RunResult single) {
        if (single.encoders() != 1 || single.whole()) {
            throw new IllegalArgumentException("efficiency is against the chunking run with one encoder");
        }
        return throughputPerMinute() / (encoders * single.throughputPerMinute());
    }

    /** Nearest rank: the smallest value with at least {@code percentile} % of them at or below it. */
    static double percentile(List<Double> values, double percentile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(percentile / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
