package dev.videopipeline.loadtest.scaleout;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The report's two charts: throughput and latency by encoders; the queue's depth over each run. */
final class ScaleOutChart {

    private ScaleOutChart() {
    }

    static void write(List<RunResult> runs, Path dir) throws IOException {
        BitmapEncoder.saveBitmap(scaling(runs), dir.resolve("scaling").toString(), BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(queueDepth(runs), dir.resolve("queue-depth").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Throughput (left axis) against N × one encoder's, and upload→READY p50 and p95 (right axis). */
    static XYChart scaling(List<RunResult> runs) {
        XYChart chart = new XYChartBuilder().width(900).height(450).title("Throughput and upload→READY by encoders")
                .xAxisTitle("encoders").yAxisTitle("videos per minute").build();
        List<Integer> encoders = runs.stream().map(RunResult::encoders).toList();
        chart.addSeries("throughput", encoders, runs.stream().map(RunResult::throughputPerMinute).toList());
        Optional<RunResult> single = runs.stream().filter(r -> r.encoders() == 1).findFirst();
        single.ifPresent(one -> chart.addSeries("N × one encoder (perfect)", encoders,
                encoders.stream().map(n -> n * one.throughputPerMinute()).toList()).setMarker(SeriesMarkers.NONE));
        XYSeries p50 = chart.addSeries("upload→READY p50 (s)", encoders,
                runs.stream().map(r -> r.latencyPercentile(50)).toList());
        XYSeries p95 = chart.addSeries("upload→READY p95 (s)", encoders,
                runs.stream().map(r -> r.latencyPercentile(95)).toList());
        p50.setYAxisGroup(1);
        p95.setYAxisGroup(1);
        chart.setYAxisGroupTitle(1, "seconds");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.getStyler().setYAxisMin(0, 0.0).setYAxisMin(1, 0.0).setXAxisDecimalPattern("0");
        return chart;
    }

    /** Requests waiting plus being encoded, by seconds since each run's burst began. */
    static XYChart queueDepth(List<RunResult> runs) {
        XYChart chart = new XYChartBuilder().width(900).height(450).title("Encode queue depth (waiting + in flight)")
                .xAxisTitle("seconds since the burst began").yAxisTitle("requests").build();
        for (RunResult run : runs) {
            List<QueueSampler.Sample> samples = run.queue().stream()
                    .filter(s -> !s.at().isBefore(run.burstStarted())).toList();
            if (samples.isEmpty()) {
                continue;
            }
            chart.addSeries(run.encoders() + (run.encoders() == 1 ? " encoder" : " encoders"),
                    samples.stream().map(s -> Duration.between(run.burstStarted(), s.at()).toMillis() / 1000.0).toList(),
                    samples.stream().map(s -> (double) s.depth()).toList())
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        }
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }
}
