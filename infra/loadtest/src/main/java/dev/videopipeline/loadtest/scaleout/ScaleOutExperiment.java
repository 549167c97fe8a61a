package dev.videopipeline.loadtest.scaleout;

import dev.videopipeline.loadtest.OwnerLimits;
import dev.videopipeline.loadtest.scaling.EncodeTimesCsv;
import dev.videopipeline.testclips.TestClips;
import dev.videopipeline.testpipeline.PipelineClient;
import dev.videopipeline.testpipeline.PipelineLauncher;
import org.bytedeco.ffmpeg.global.avutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The scale-out experiment: the local pipeline with 1, then 2, ... encoders competing on its one
 * queue, the same burst of generated clips each time; throughput, upload→READY, encode time and
 * scale-out efficiency measured, written to {@code target/scaleout/} (report.md, two charts,
 * encode-times.csv) in the directory it runs from: the checkout's root.
 *
 * <pre>infra/loadtest/scaleout [--encoders 1,2] [--videos 8] [--clip-seconds 10] [--size 1280x720] [--fps 25] [--port 19080]
 *     [--pin] [--compare-whole] [--chunk-threshold S] [--chunk-seconds S]</pre>
 */
public final class ScaleOutExperiment {

    private static final String OWNER = "scaleout@example.com";
    /** How often the queue and the encoders' timers are read. */
    private static final Duration SAMPLING = Duration.ofSeconds(1);
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private final Path root;
    private final Path out;
    private final ScaleOutOptions options;

    private ScaleOutExperiment(Path root, ScaleOutOptions options) {
        this.root = root;
        this.out = root.resolve("target/scaleout");
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        ScaleOutOptions options;
        try {
            options = ScaleOutOptions.parse(args);
        } catch (RuntimeException badArguments) {
            System.err.println(badArguments.getMessage() + "\n" + ScaleOutOptions.USAGE);
            System.exit(2);
            return;
        }
        Path root = Path.of("").toAbsolutePath();
        if (!Files.exists(root.resolve("infra/local/target/local-pipeline.jar"))) {
            System.err.println("no infra/local/target/local-pipeline.jar here: run infra/loadtest/scaleout, which builds it");
            System.exit(2);
        }
        new ScaleOutExperiment(root, options).run();
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        List<Path> clips = clips();
        List<RunResult> runs = new ArrayList<>();
        for (ScaleOutOptions.Run planned : options.runs()) {
            System.out.printf("%s encoder(s): starting the pipeline (output in %s)%n", planned.label(), log(planned));
            RunResult run = runWith(planned, clips);
            System.out.printf("%s encoder(s): %d READY in %.1f s, %.2f videos/min, mean encode %.2f s%n", planned.label(),
                    run.ready(), run.span().toMillis() / 1000.0, run.throughputPerMinute(), run.meanEncodeSeconds());
            runs.add(run);
        }
        // The charts and the simulator's input are by encoders: the whole-video run stands beside them in the report.
        List<RunResult> chunking = runs.stream().filter(run -> !run.whole()).toList();
        Map<Integer, List<Double>> encodeTimes = new LinkedHashMap<>();
        chunking.forEach(run -> encodeTimes.put(run.encoders(), run.encodeSeconds()));
        EncodeTimesCsv.write(out.resolve("encode-times.csv"), encodeTimes);
        ScaleOutChart.write(chunking, out);
        String report = ScaleOutReport.markdown(options, CORES, ZonedDateTime.now(), runs);
        Files.writeString(out.resolve("report.md"), report);
        System.out.println("\n" + report + "\nWritten to " + out);
    }

    /** One fresh pipeline with the run's encoders, the burst, then the pipeline stopped. */
    private RunResult runWith(ScaleOutOptions.Run planned, List<Path> clips) throws Exception {
        int encoders = planned.encoders();
        Map<String, String> environment = new LinkedHashMap<>(OwnerLimits.LIFTED);
        environment.putAll(options.environment(planned));
        try (var pipeline = PipelineLauncher.builder().root(root).port(options.port())
                .encoders(encoders).environment(environment).options(options.pin() ? new String[]{"--pin-encoders"}
                        : new String[0]).log(log(planned)).start();
             var queue = new QueueSampler(pipeline.aws())) {
            var timers = new EncoderTimers(pipeline.encoderMetrics());
            ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor();
            try {
                sampling.scheduleAtFixedRate(() -> sample(queue, timers), 0, SAMPLING.toMillis(), TimeUnit.MILLISECONDS);
                var client = new PipelineClient(pipeline.site());
                System.out.printf("%s encoder(s): pipeline up; uploading %d clips at once as %s%n",
                        planned.label(), clips.size(), OWNER);
                Instant started = Instant.now();
                CpuTime machineBefore = CpuTime.now();
                Duration pipelineBefore = pipeline.cpuTime();
                List<VideoOutcome> videos = new Burst(client, OWNER, clips, burstDeadline()).run();
                double machineBusy = CpuTime.now().busyShareSince(machineBefore);
                double pipelineBusy = pipeline.cpuTime().minus(pipelineBefore).toNanos()
                        / (double) (CORES * Duration.between(started, Instant.now()).toNanos());
                int ready = (int) videos.stream().filter(VideoOutcome::ready).count();
                List<Double> encodeSeconds = timers.await(ready, SAMPLING.multipliedBy(30));
                return new RunResult(encoders, planned.whole(), started, videos, encodeSeconds, timers.chunks(),
                        queue.samples(), machineBusy, pipelineBusy);
            } finally {
                stop(sampling);
            }
        }
    }

    /** Lets a sample under way finish (its readings time out in seconds), then no more. */
    private static void stop(ScheduledExecutorService sampling) throws InterruptedException {
        sampling.shutdown();
        if (!sampling.awaitTermination(10, TimeUnit.SECONDS)) {
            sampling.shutdownNow();
        }
    }

    /** A failed reading is reported and skipped: one missing sample must not end the run. */
    private static void sample(QueueSampler queue, EncoderTimers timers) {
        try {
            queue.sample();
            timers.sample();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            System.out.println("sampling: " + e);
        }
    }

    /** The burst's clips, made once for every run: the same {@code --videos} MP4s with sound. */
    private List<Path> clips() throws IOException {
        Path dir = Files.createDirectories(out.resolve("clips"));
        try (Stream<Path> old = Files.list(dir)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        System.out.printf("making %d clips of %s s at %dx%d, %d fps%n", options.videos(), options.clipSeconds(),
                options.width(), options.height(), options.fps());
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // FFmpeg's statistics of every clip are of no use here
        List<Path> clips = new ArrayList<>();
        for (int i = 0; i < options.videos(); i++) {
            clips.add(TestClips.mp4(dir, options.clipSeconds(), options.width(), options.height(), options.fps()));
        }
        return clips;
    }

    private Path log(ScaleOutOptions.Run run) {
        return out.resolve("pipeline-" + run.label() + ".log");
    }

    /** Long enough for the burst on one core: 15 min, or 5 s per second of video if that is more. */
    private Duration burstDeadline() {
        return Duration.ofSeconds(Math.max(15 * 60, (long) (5 * options.videos() * options.clipSeconds())));
    }
}
