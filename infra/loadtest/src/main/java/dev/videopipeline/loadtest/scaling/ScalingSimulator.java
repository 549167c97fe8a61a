package dev.videopipeline.loadtest.scaling;

import dev.videopipeline.infra.aws.config.EncoderScaling;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the production encoder scaling will do before paying for it: the policy infra/aws
 * synthesizes (read from the same file), under a steady load, a day of 1,000 uploads and a burst
 * of 10,000 in ten minutes; and a steady load with long videos among the uploads, encoded whole
 * against encoded in chunks ({@link Chunking}). Writes {@code target/scaling/report.md} and one chart per scenario.
 * Encode times are lognormal around the policy's mean, or, given the scale-out experiment's
 * {@code encode-times.csv}, resampled from those measured (see {@link MeasuredEncodeTimes}).
 *
 * <pre>./mvnw -pl infra/loadtest -am -DskipTests package exec:java [-Dexec.args="production [target/scaleout/encode-times.csv]"]</pre>
 */
public final class ScalingSimulator {

    private static final long SEED = 20261122;

    private ScalingSimulator() {
    }

    static List<Scenario> scenarios() {
        return List.of(Scenario.steady(4, Duration.ofHours(3)), Scenario.daily(1_000),
                Scenario.burst(10_000, Duration.ofMinutes(10)));
    }

    public static void main(String[] args) throws IOException {
        String stage = args.length > 0 ? args[0] : "production";
        EncoderScaling policy = EncoderScaling.load(stage);
        EncodeTimes encodeTimes = args.length > 1 ? measured(Path.of(args[1]), policy)
                : EncodeTimes.lognormal(policy.meanEncodeTime(), Simulation.ENCODE_TIME_SIGMA);
        Path out = Files.createDirectories(Path.of("target/scaling"));
        List<SimulationResult> results = new ArrayList<>();
        List<SimulationResult> unprotected = new ArrayList<>();
        for (Scenario scenario : scenarios()) {
            SimulationResult result = new Simulation(scenario, policy, encodeTimes, SEED, true).run();
            results.add(result);
            unprotected.add(new Simulation(scenario, policy, encodeTimes, SEED, false).run());
            BitmapEncoder.saveBitmap(chart(result), out.resolve(scenario.name()).toString(),
                    BitmapEncoder.BitmapFormat.PNG);
        }
        Scenario lectures = longVideos();
        SimulationResult whole = new Simulation(lectures, policy, encodeTimes, SEED, true, Chunking.OFF).run();
        SimulationResult chunked = new Simulation(lectures, policy, encodeTimes, SEED, true, Chunking.PRODUCTION).run();
        BitmapEncoder.saveBitmap(chart(chunked), out.resolve(lectures.name() + "-chunked").toString(),
                BitmapEncoder.BitmapFormat.PNG);
        String report = report(stage, policy, encodeTimes, results, unprotected) + chunkedReport(whole, chunked);
        Files.writeString(out.resolve("report.md"), report);
        System.out.println(report + "\nWritten to " + out.toAbsolutePath());
    }

    /** One upload a minute, one in ten a 40-minute lecture (about 35 min of encode whole on one task). */
    static Scenario longVideos() {
        return Scenario.withLongVideos(1, Duration.ofHours(3), 0.1, Duration.ofMinutes(35));
    }

    /** The long-video scenario whole against chunked: the same uploads, the same policy. */
    static String chunkedReport(SimulationResult whole, SimulationResult chunked) {
        var text = new StringBuilder(String.format(Locale.ROOT, """

                ## Long videos: whole against chunked

                %s: %.0f %% of uploads take %s whole on one task. Chunked, %s; each chunk is a request,
                so the backlog the policy tracks counts them.

                | encoded | uploads | requests | upload→READY p50 | p95 | max | max queue | max tasks | task-hours |
                |---|---|---|---|---|---|---|---|---|
                """, whole.scenario().name(), whole.scenario().longShare() * 100, whole.scenario().longEncode(),
                Chunking.PRODUCTION.describe()));
        for (var row : List.of(Map.entry("whole", whole), Map.entry("in chunks", chunked))) {
            SimulationResult r = row.getValue();
            text.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %d | %d | %.1f |%n", row.getKey(),
                    r.arrived(), r.requests(), minutes(r.latencyPercentile(50)), minutes(r.latencyPercentile(95)),
                    minutes(r.latencyPercentile(100)), r.maxQueueDepth(), r.maxTasks(), r.taskHours()));
        }
        return text.append("\nChart of the chunked run: [").append(chunked.scenario().name()).append("-chunked](")
                .append(chunked.scenario().name()).append("-chunked.png)\n").toString();
    }

    /** The scale-out experiment's encode times, at the policy's mean (see {@link MeasuredEncodeTimes} for why). */
    static MeasuredEncodeTimes measured(Path csv, EncoderScaling policy) throws IOException {
        return new MeasuredEncodeTimes(EncodeTimesCsv.readFewestEncoders(csv), policy.meanEncodeTime(), csv.toString());
    }

    /** @param unprotected the same runs with busy tasks not protected from scale-in, as before ScaleInProtection */
    static String report(String stage, EncoderScaling policy, EncodeTimes encodeTimes, List<SimulationResult> results,
                         List<SimulationResult> unprotected) {
        var text = new StringBuilder(String.format(Locale.ROOT, """
                # Encoder scaling, simulated (%s policy)

                Target backlog per task %.1f (acceptable latency %s ÷ mean encode time %s), %d..%d tasks,
                cooldowns out %s / in %s, tasks start in 60-90 s, %s.

                Busy tasks are protected from scale-in; the last two columns are the same run without that protection.

                | scenario | uploads | upload→READY p50 | p95 | max | oldest wait | max queue | max tasks | task-hours | handed back | unprotected: handed back | task-hours |
                |---|---|---|---|---|---|---|---|---|---|---|---|
                """, stage, policy.backlogPerTaskTarget(), policy.acceptableLatency(), policy.meanEncodeTime(),
                policy.minTasks(), policy.maxTasks(), policy.scaleOutCooldown(), policy.scaleInCooldown(),
                encodeTimes.describe()));
        for (int i = 0; i < results.size(); i++) {
            SimulationResult r = results.get(i);
            SimulationResult u = unprotected.get(i);
            text.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %d | %d | %.1f | %d | %d | %.1f |%n",
                    r.scenario().name(), r.arrived(), minutes(r.latencyPercentile(50)), minutes(r.latencyPercentile(95)),
                    minutes(r.latencyPercentile(100)), minutes(r.maxOldestWaitSeconds()), r.maxQueueDepth(),
                    r.maxTasks(), r.taskHours(), r.handedBack(), u.handedBack(), u.taskHours()));
        }
        text.append("\nCharts: ").append(String.join(", ", results.stream()
                .map(r -> "[" + r.scenario().name() + "](" + r.scenario().name() + ".png)").toList())).append('\n');
        return text.toString();
    }

    private static String minutes(long seconds) {
        return String.format(Locale.ROOT, "%.1f min", seconds / 60.0);
    }

    private static XYChart chart(SimulationResult result) {
        XYChart chart = new XYChartBuilder().width(900).height(450).title(result.scenario().name())
                .xAxisTitle("hours").yAxisTitle("encoder tasks").build();
        List<Double> hours = result.samples().stream().map(s -> s.second() / 3600.0).toList();
        chart.addSeries("desired tasks", hours, result.samples().stream().map(s -> (double) s.desired()).toList())
                .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        chart.addSeries("running tasks", hours, result.samples().stream().map(s -> (double) s.running()).toList())
                .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        XYSeries queue = chart.addSeries("queue depth", hours,
                result.samples().stream().map(s -> (double) s.visible()).toList());
        queue.setYAxisGroup(1);
        chart.setYAxisGroupTitle(1, "visible requests");
        chart.getStyler().setMarkerSize(0);
        return chart;
    }
}
