package dev.videopipeline.encoder.bench;

import dev.videopipeline.common.video.Probe;
import dev.videopipeline.encoder.transcode.ChunkPlan;
import dev.videopipeline.encoder.transcode.ChunkedLadderEncoder;
import dev.videopipeline.encoder.transcode.Ladder;
import dev.videopipeline.encoder.transcode.LadderEncoder;
import dev.videopipeline.encoder.transcode.Psnr;
import dev.videopipeline.encoder.transcode.QualityMeter;
import dev.videopipeline.encoder.transcode.RenditionFile;
import dev.videopipeline.encoder.transcode.Rung;
import dev.videopipeline.encoder.transcode.RungSpec;
import dev.videopipeline.encoder.transcode.SourceProbe;
import dev.videopipeline.encoder.transcode.TestSources;
import io.micronaut.context.ApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A source encoded whole and in chunks, one after the other in this one process, on the configured
 * ladder: the chunked encode's cost (the seeks, the second decode for the sound, the joins) as a
 * ratio of wall time, and the joined renditions against the whole ones: picture counts, mean PSNR
 * against the source (FFmpeg's {@code psnr} filter over every picture), the worst picture's PSNR
 * against the whole encode's (a seam would show there), and the PSNR and SSIM the encoder stores
 * ({@code QualityMeter}, on sampled pictures). Run it with {@code encoder/bench/run chunked}.
 *
 * <p>Arguments: {@code --seconds 180 --chunk 30 --pairs 3} (the source is 1080p30 with sound).
 */
public final class ChunkedEncodeBenchmark {

    private ChunkedEncodeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = Options.parse(args, Map.of("seconds", 180, "chunk", 30, "pairs", 3));
        Path work = Files.createTempDirectory("chunked-bench-");
        try (var context = ApplicationContext.run(Map.of("encoder.worker.enabled", "false"))) {
            var whole = context.getBean(LadderEncoder.class);
            var chunked = context.getBean(ChunkedLadderEncoder.class);
            var meter = context.getBean(QualityMeter.class);
            var cli = new FfmpegCli();
            Path source = cli.testClip(work, options.get("seconds"));
            Probe probe = context.getBean(SourceProbe.class).probe(TestSources.of(source));
            List<Rung> ladder = Ladder.forSource(probe.displayWidth(), probe.displayHeight(),
                    new ArrayList<>(context.getBeansOfType(RungSpec.class)));
            Duration chunk = Duration.ofSeconds(options.get("chunk"));
            long frames = Math.round(probe.durationSeconds() * probe.frameRate());
            System.out.printf(Locale.ROOT, "source: %.0f s %dx%d %.0f fps, ladder %s, %d s chunks, %d cores%n",
                    probe.durationSeconds(), probe.width(), probe.height(), probe.frameRate(),
                    ladder.stream().map(Rung::name).toList(), chunk.toSeconds(), Runtime.getRuntime().availableProcessors());

            List<Run> wholeRuns = new ArrayList<>();
            List<Run> chunkedRuns = new ArrayList<>();
            List<RenditionFile> wholeFiles = new ArrayList<>();
            List<RenditionFile> chunkedFiles = new ArrayList<>();
            for (int pair = 1; pair <= options.get("pairs"); pair++) {
                Path wholeDir = LadderBenchmark.fresh(work, "whole");
                Path chunkedDir = LadderBenchmark.fresh(work, "chunked");
                wholeRuns.add(Run.inProcess(() -> replace(wholeFiles,
                        TestSources.encode(whole, source, probe, ladder, wholeDir))));
                chunkedRuns.add(Run.inProcess(() -> replace(chunkedFiles, chunked.encode(TestSources.of(source), probe,
                        ladder, chunk, LadderBenchmark.fresh(work, "chunks"), chunkedDir, percent -> { }))));
                System.out.printf(Locale.ROOT, "pair %d: whole %s | chunked %s%n", pair,
                        wholeRuns.get(pair - 1).describe(frames), chunkedRuns.get(pair - 1).describe(frames));
            }
            Run wholeMedian = Run.median(wholeRuns);
            Run chunkedMedian = Run.median(chunkedRuns);
            System.out.printf(Locale.ROOT, "chunked vs whole, one encoder: wall %.3fx, cpu %.3fx (goal: wall <= 1.05x)%n",
                    chunkedMedian.wallSeconds() / wholeMedian.wallSeconds(),
                    chunkedMedian.cpuSeconds() / wholeMedian.cpuSeconds());
            for (int i = 0; i < ladder.size(); i++) {
                Rung rung = ladder.get(i);
                Path wholeFile = wholeFiles.get(i).file();
                Path chunkedFile = chunkedFiles.get(i).file();
                var against = Psnr.of(wholeFile, chunkedFile);
                List<Double> wholePictures = cli.psnr(wholeFile, source, rung.width(), rung.height());
                List<Double> chunkedPictures = cli.psnr(chunkedFile, source, rung.width(), rung.height());
                double wholePsnr = mean(wholePictures);
                double chunkedPsnr = mean(chunkedPictures);
                double seamDeficit = seamDeficit(wholePictures, chunkedPictures,
                        ChunkPlan.of(probe.durationSeconds(), probe.frameRate(), chunk));
                var sampled = meter.measure(TestSources.of(source), probe, List.of(wholeFiles.get(i), chunkedFiles.get(i)));
                System.out.printf(Locale.ROOT, "%s: pictures %s (%d), PSNR against the source whole %.2f dB, "
                                + "chunked %.2f dB (%+.2f; goal within 0.2), worst picture against whole %.1f dB, "
                                + "largest drop at a seam %.2f dB (goal under 1); "
                                + "as stored (%d sampled pictures): whole %.2f dB SSIM %.4f, chunked %.2f dB SSIM %.4f%n",
                        rung.name(), against.samePictureCount() ? "equal" : "DIFFER", against.pictures(),
                        wholePsnr, chunkedPsnr, chunkedPsnr - wholePsnr, against.worst(), seamDeficit,
                        sampled.get(0).sampledPictures(),
                        sampled.get(0).psnr(), sampled.get(0).ssim(), sampled.get(1).psnr(), sampled.get(1).ssim());
            }
        } finally {
            LadderBenchmark.delete(work);
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    /** How far below the whole encode's the chunked encode's PSNR falls on the 5 pictures either side of a seam. */
    private static double seamDeficit(List<Double> whole, List<Double> chunked, ChunkPlan plan) {
        double worst = 0;
        for (var chunk : plan.chunks().subList(1, plan.chunks().size())) {
            for (long i = Math.max(0, chunk.startTick() - 5); i < Math.min(Math.min(whole.size(), chunked.size()),
                    chunk.startTick() + 5); i++) {
                worst = Math.max(worst, whole.get((int) i) - chunked.get((int) i));
            }
        }
        return worst;
    }

    private static void replace(List<RenditionFile> files, List<RenditionFile> latest) {
        files.clear();
        files.addAll(latest);
    }
}
