package dev.videopipeline.loadtest.scaleout;

import org.junit.jupiter.api.Test;

import java.time.ZonedDateTime;
import java.util.List;

import static dev.videopipeline.loadtest.scaleout.RunResultTest.T0;
import static dev.videopipeline.loadtest.scaleout.RunResultTest.at;
import static org.assertj.core.api.Assertions.assertThat;

class ScaleOutReportTest {

    private static final ScaleOutOptions OPTIONS = ScaleOutOptions.parse(new String[]{"--videos", "2"});
    private static final ZonedDateTime WHEN = ZonedDateTime.parse("2026-01-01T10:00:00Z");

    private static RunResult run(int encoders, double lastReadySeconds, double machineBusy, double pipelineBusy) {
        return run(encoders, false, lastReadySeconds, machineBusy, pipelineBusy);
    }

    private static RunResult run(int encoders, boolean whole, double lastReadySeconds, double machineBusy,
                                 double pipelineBusy) {
        var videos = List.of(new VideoOutcome("a", at(0), at(lastReadySeconds / 2), true),
                new VideoOutcome("b", at(0), at(lastReadySeconds), true));
        return new RunResult(encoders, whole, T0, videos, List.of(5.0, 7.0), new EncoderTimers.Timer(0, 0), List.of(),
                machineBusy, pipelineBusy);
    }

    @Test
    void eachRunIsALineWithItsFiguresAndEfficiency() {
        String report = ScaleOutReport.markdown(OPTIONS, 2, WHEN, List.of(run(1, 60, 0.85, 0.8), run(2, 40, 1.0, 0.95)));

        assertThat(report)
                .contains("`infra/loadtest/scaleout --encoders 1,2 --videos 2 --clip-seconds 10 --size 1280x720 --port 19080`")
                .contains("2026-01-01 10:00 Z")
                .contains("| 1 | 2 | 0 | 60.0 s | 2.00 videos/min | 30.0 s | 60.0 s | 60.0 s | 1.00× | 6.00 s | 2 | – | 80 % | 85 % | 1.00 | ≤ 1.00 |")
                .contains("| 2 | 2 | 0 | 40.0 s | 3.00 videos/min | 20.0 s | 40.0 s | 40.0 s | 1.50× | 6.00 s | 2 | – | 95 % | 100 % | 0.75 | ≤ 0.63 |")
                .doesNotContain("noisy");
    }

    @Test
    void onTwoCoresTheReportSaysTheCoresBoundTheEfficiency() {
        String report = ScaleOutReport.markdown(OPTIONS, 2, WHEN, List.of(run(1, 60, 0.85, 0.8), run(2, 40, 1.0, 0.95)));

        assertThat(report).contains("**This machine has 2 cores, and on so few the cores, not the pipeline, bound the efficiency.**")
                .contains("With one encoder the pipeline kept 80 % of the cores busy")
                .contains("at most about 1.3× as fast as with one: with 2 encoders the efficiency cannot exceed about 0.63");
    }

    @Test
    void otherLoadOnTheMachineIsCalledNoise() {
        String report = ScaleOutReport.markdown(OPTIONS, 2, WHEN, List.of(run(1, 60, 0.99, 0.6), run(2, 40, 1.0, 0.9)));

        assertThat(report).contains("**Other processes were busy beside the pipeline** (39 % of the cores with 1 encoder):"
                + " these figures are noisy");
    }

    @Test
    void pinnedRunsWithAWholeVideoRunSayChunkingsCostAndTheSpeedUp() {
        var options = ScaleOutOptions.parse(new String[]{"--videos", "1", "--pin", "--compare-whole", "--chunk-seconds", "20"});
        String report = ScaleOutReport.markdown(options, 2, WHEN,
                List.of(run(1, true, 100, 0.55, 0.5), run(1, 102, 0.55, 0.5), run(2, 60, 1.0, 0.95)));

        assertThat(report).contains("--pin --compare-whole --chunk-seconds 20`")
                .contains("each encoder ran on a core of its own (`taskset`")
                .contains("chunked encoding from the encoder's threshold in chunks of 20 s")
                .contains("Each encoder has one core (pinned)")
                .contains("| 1 (whole) | 2 | 0 | 100.0 s | 1.20 videos/min | 50.0 s | 100.0 s | 100.0 s | 1.02× |")
                .contains("| 2 | 2 | 0 | 60.0 s | 2.00 videos/min | 30.0 s | 60.0 s | 60.0 s | 1.70× |")
                .contains("With one encoder, chunked took 1.02× the whole-video time (longest upload→READY 102.0 s"
                        + " against 100.0 s).");
        assertThat(report.lines().filter(line -> line.startsWith("| 1 (whole)"))).singleElement()
                .satisfies(line -> assertThat(line).endsWith("| – | ≤ 1.00 |"));
    }

    @Test
    void aChunkTakingLongerWithMoreEncodersIsSaidWithItsRatio() {
        String report = ScaleOutReport.markdown(OPTIONS, 2, WHEN,
                List.of(chunked(run(1, 102, 0.55, 0.5), 700), chunked(run(2, 60, 1.0, 0.95), 910)));

        assertThat(report).contains("| 70.0 s × 10 |").contains("| 91.0 s × 10 |")
                .contains("A chunk took 70.0 s on average with one encoder, 91.0 s with 2 (1.30×)");
        assertThat(ScaleOutReport.markdown(OPTIONS, 2, WHEN, List.of(run(1, 60, 0.85, 0.8), run(2, 40, 1.0, 0.95))))
                .doesNotContain("A chunk took");
    }

    private static RunResult chunked(RunResult run, double chunkSeconds) {
        return new RunResult(run.encoders(), run.whole(), run.burstStarted(), run.videos(), run.encodeSeconds(),
                new EncoderTimers.Timer(10, chunkSeconds), run.queue(), run.machineBusy(), run.pipelineBusy());
    }

    @Test
    void withoutARunOfOneEncoderThereIsNoEfficiency() {
        String report = ScaleOutReport.markdown(OPTIONS, 16, WHEN, List.of(run(2, 40, 0.5, 0.45)));

        assertThat(report).contains("**This machine has 16 cores.**").contains("no efficiency and no bound")
                .contains("| 45 % | 50 % | – | – |");
    }
}
