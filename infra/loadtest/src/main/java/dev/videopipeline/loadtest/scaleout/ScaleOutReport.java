package dev.videopipeline.loadtest.scaleout;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The experiment's {@code report.md}: how it ran, what bounds it, one line per run, how to read it. */
final class ScaleOutReport {

    /** More of the cores than this going elsewhere than the pipeline makes a run noisy. */
    static final double OTHERS_NOISY = 0.15;

    private ScaleOutReport() {
    }

    static String markdown(ScaleOutOptions options, int cores, ZonedDateTime when, List<RunResult> runs) {
        Optional<RunResult> single = runs.stream().filter(r -> r.encoders() == 1 && !r.whole() && r.pipelineBusy() > 0)
                .findFirst();
        var text = new StringBuilder(String.format(Locale.ROOT, """
                # Scale-out: encoders competing on one queue (measured)

                `%s`, %s. Each run is a fresh local pipeline (the AWS emulators, the receiver, the mailer
                and N encoders, each a JVM on this machine) given the same burst: %d generated %s s %dx%d %d fps
                MP4 clips with sound uploaded at once, each video polled every %.1f s until READY. %s

                %s
                %s
                | encoders | READY | failed | first upload → last READY | throughput | upload→READY p50 | p95 | max | speed-up | mean encode | encodes timed | mean chunk | pipeline CPU | machine busy | efficiency | cores allow |
                |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
                """, options.command(), when.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT)),
                options.videos(), number(options.clipSeconds()), options.width(), options.height(), options.fps(),
                Burst.POLL.toMillis() / 1000.0, settingsSentence(options), coresParagraph(cores, options.pin(), single, runs),
                noise(runs)));
        for (RunResult run : runs) {
            text.append(String.format(Locale.ROOT,
                    "| %s | %d | %d | %.1f s | %.2f videos/min | %.1f s | %.1f s | %.1f s | %s | %.2f s | %d | %s | %s | %s | %s | %s |%n",
                    run.label(), run.ready(), run.failed(), run.span().toMillis() / 1000.0, run.throughputPerMinute(),
                    run.latencyPercentile(50), run.latencyPercentile(95), run.latencyPercentile(100),
                    single.map(s -> String.format(Locale.ROOT, "%.2f×", speedUp(s, run))).orElse("–"),
                    run.meanEncodeSeconds(), run.encodeSeconds().size(), run.chunks().count() == 0 ? "–"
                            : String.format(Locale.ROOT, "%.1f s × %d", run.meanChunkSeconds(), run.chunks().count()),
                    percent(run.pipelineBusy()),
                    percent(run.machineBusy()),
                    single.filter(s -> !run.whole()).map(s -> String.format(Locale.ROOT, "%.2f", run.efficiency(s)))
                            .orElse("–"),
                    single.map(s -> String.format(Locale.ROOT, "≤ %.2f", coreBound(s, run.encoders()))).orElse("–")));
        }
        text.append(wholeSentence(single, runs)).append(chunkSentence(single, runs));
        text.append(String.format(Locale.ROOT, """

                How to read it:
                - throughput: READY videos ÷ (last READY − first upload accepted);
                - upload→READY: from a video's 202 to the first poll that saw it READY (up to %.1f s late);
                - mean encode: the encoders' own timer, `pipeline_encode_seconds{result="READY"}` sum ÷ count:
                  claim to outcome (download, probe, ladder, HLS, poster, publish); encodes sharing the cores
                  take longer each;
                - mean chunk: the encoders' chunk timer, `pipeline_encode_chunk_seconds` (every chunk,
                  whoever encoded it), sum ÷ count, and the count; one chunk's every rung;
                - pipeline CPU: the CPU time of the pipeline's processes (emulators, receiver, mailer,
                  encoders) during the burst, as a share of all the cores; machine busy: the whole machine's
                  (`/proc/stat`), whatever ran, this experiment's polling included;
                - speed-up: the longest upload→READY with one chunking encoder ÷ this run's; with one long
                  video, how much sooner it is ready;
                - efficiency: throughput(N) ÷ (N × throughput(1)); 1 is perfect scale-out;
                - cores allow: the most efficiency the cores leave room for if throughput grew with the CPU
                  time the pipeline got: 1 ÷ (N × pipeline CPU with one encoder), at most 1.

                ![throughput and upload→READY by encoders](scaling.png)

                ![encode queue depth over time, one line per run](queue-depth.png)

                Every encode time is in `encode-times.csv`; the scaling simulator resamples those of the
                run with the fewest encoders: `./mvnw -pl infra/loadtest exec:java
                -Dexec.args="production target/scaleout/encode-times.csv"`. Each run's pipeline output is in
                `pipeline-<encoders>.log`.
                """, Burst.POLL.toMillis() / 1000.0));
        return text.toString();
    }

    /** The longest upload→READY with one chunking encoder ÷ the run's: how much sooner its last video is ready. */
    static double speedUp(RunResult single, RunResult run) {
        return single.latencyPercentile(100) / run.latencyPercentile(100);
    }

    /** The encoders' settings the runs differ from production in, said in a sentence. */
    static String settingsSentence(ScaleOutOptions options) {
        List<String> said = new ArrayList<>();
        if (options.pin()) {
            said.add("each encoder ran on a core of its own (`taskset`, encoder N on core N−1), as a task has its"
                    + " own vCPUs, and FFmpeg, x264 and the JVM sized their threads to it; the other processes shared"
                    + " every core");
        }
        if (options.chunkThreshold() > 0 || options.chunkSeconds() > 0) {
            said.add(String.format(Locale.ROOT, "chunked encoding from %s in chunks of %s",
                    options.chunkThreshold() > 0 ? options.chunkThreshold() + " s" : "the encoder's threshold",
                    options.chunkSeconds() > 0 ? options.chunkSeconds() + " s" : "the encoder's length"));
        }
        if (options.compareWhole()) {
            said.add("the run marked (whole) had chunked encoding off");
        }
        return said.isEmpty() ? "" : "In these runs " + String.join("; ", said) + ".";
    }

    /** Chunking's cost with one encoder, against the whole-video run, when there is one. */
    static String wholeSentence(Optional<RunResult> single, List<RunResult> runs) {
        Optional<RunResult> whole = runs.stream().filter(RunResult::whole).findFirst();
        if (whole.isEmpty() || single.isEmpty()) {
            return "";
        }
        return String.format(Locale.ROOT, "%nWith one encoder, chunked took %.2f× the whole-video time (longest"
                        + " upload→READY %.1f s against %.1f s).%n", single.get().latencyPercentile(100)
                        / whole.get().latencyPercentile(100), single.get().latencyPercentile(100),
                whole.get().latencyPercentile(100));
    }

    /** How long a chunk took with more encoders than one, against one: what a core still did with the others busy. */
    static String chunkSentence(Optional<RunResult> single, List<RunResult> runs) {
        if (single.isEmpty() || single.get().chunks().count() == 0) {
            return "";
        }
        double alone = single.get().meanChunkSeconds();
        List<String> said = runs.stream().filter(r -> r.encoders() > 1 && r.chunks().count() > 0)
                .map(r -> String.format(Locale.ROOT, "%.1f s with %d (%.2f×)", r.meanChunkSeconds(), r.encoders(),
                        r.meanChunkSeconds() / alone)).toList();
        if (said.isEmpty()) {
            return "";
        }
        return String.format(Locale.ROOT, "%nA chunk took %.1f s on average with one encoder, %s (its every rung,"
                + " the parts stored and the chunk recorded): time lost in each chunk, not in how the queue shared them.%n",
                alone, String.join(", ", said));
    }

    /** What the cores allow, said plainly: on a few cores they, not the queue, bound the efficiency. */
    static String coresParagraph(int cores, boolean pinned, Optional<RunResult> single, List<RunResult> runs) {
        String opening = String.format(Locale.ROOT, "**This machine has %d cores%s.** %s, and the emulators, the"
                        + " receiver, the mailer and this experiment run on the same cores",
                cores, cores <= 4 ? ", and on so few the cores, not the pipeline, bound the efficiency" : "",
                pinned ? "Each encoder has one core (pinned)" : "One encode already uses every core it can (FFmpeg's threads)");
        if (single.isEmpty()) {
            return opening + ". (No run with one encoder: no efficiency and no bound.) On ECS each encoder task has"
                    + " vCPUs of its own.";
        }
        int most = runs.stream().mapToInt(RunResult::encoders).max().orElse(1);
        double busy = single.get().pipelineBusy();
        String bound = most == 1 ? "" : String.format(Locale.ROOT, ": with %d encoders the efficiency cannot exceed"
                + " about %.2f", most, coreBound(single.get(), most));
        return opening + String.format(Locale.ROOT, ". With one encoder the pipeline kept %s of the cores busy, so"
                        + " however many encoders run, this machine can be at most about %.1f× as fast as with one%s."
                        + " That is this machine's limit, not the queue's or the competing consumers'; on ECS each"
                        + " encoder task has vCPUs of its own.",
                percent(busy), Math.max(1, 1 / busy), bound);
    }

    /** Runs where other processes took a fair share of the cores, said so. */
    static String noise(List<RunResult> runs) {
        List<String> noisy = runs.stream().filter(r -> r.othersBusy() > OTHERS_NOISY)
                .map(r -> String.format(Locale.ROOT, "%s of the cores with %s encoder%s", percent(r.othersBusy()),
                        r.label(), r.encoders() == 1 ? "" : "s"))
                .toList();
        return noisy.isEmpty() ? "" : "\n**Other processes were busy beside the pipeline** (" + String.join(", ", noisy)
                + "): these figures are noisy; run it again on a quiet machine.\n";
    }

    /** 1 ÷ (N × the share of the cores the pipeline used with one encoder), at most 1. */
    static double coreBound(RunResult single, int encoders) {
        return Math.min(1, 1 / (encoders * single.pipelineBusy()));
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
