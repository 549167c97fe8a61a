package dev.videopipeline.encoder.bench;

import dev.videopipeline.common.video.Probe;
import dev.videopipeline.encoder.transcode.HlsPackager;
import dev.videopipeline.encoder.transcode.Ladder;
import dev.videopipeline.encoder.transcode.LadderEncoder;
import dev.videopipeline.encoder.transcode.PosterMaker;
import dev.videopipeline.encoder.transcode.RenditionFile;
import dev.videopipeline.encoder.transcode.Rung;
import dev.videopipeline.encoder.transcode.RungSpec;
import dev.videopipeline.encoder.transcode.SourceProbe;
import dev.videopipeline.encoder.transcode.TestSources;
import io.micronaut.context.ApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the encoder's ladder compares with the FFmpeg CLI that ships in the same native jar, on the
 * configured ladder: pairs run back to back (ours, then the CLI's one-process {@code split}),
 * medians and ratios printed; then one decode for all rungs against one pass per rung; then RSS
 * over consecutive whole transcodes in this one process. Run it with {@code encoder/bench/run}.
 *
 * <p>Arguments: {@code --seconds 60 --pairs 3 --jobs 20} (the source is 1080p30 with sound).
 */
public final class LadderBenchmark {

    private LadderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = Options.parse(args, Map.of("seconds", 60, "pairs", 3, "jobs", 20));
        Path work = Files.createTempDirectory("ladder-bench-");
        try (var context = ApplicationContext.run(Map.of("encoder.worker.enabled", "false"))) {
            var encoder = context.getBean(LadderEncoder.class);
            var specs = new ArrayList<>(context.getBeansOfType(RungSpec.class));
            var cli = new FfmpegCli();
            Path source = cli.testClip(work, options.get("seconds"));
            Probe probe = context.getBean(SourceProbe.class).probe(TestSources.of(source));
            List<Rung> ladder = Ladder.forSource(probe.displayWidth(), probe.displayHeight(), specs);
            long frames = Math.round(probe.durationSeconds() * probe.frameRate());
            System.out.printf(Locale.ROOT, "source: %.0f s %dx%d %.0f fps, ladder %s, %d cores%n",
                    probe.durationSeconds(), probe.width(), probe.height(), probe.frameRate(),
                    ladder.stream().map(Rung::name).toList(), Runtime.getRuntime().availableProcessors());

            List<Run> ours = new ArrayList<>();
            List<Run> theirs = new ArrayList<>();
            for (int pair = 1; pair <= options.get("pairs"); pair++) {
                ours.add(Run.inProcess(() -> TestSources.encode(encoder, source, probe, ladder, fresh(work, "ours"))));
                theirs.add(cli.ladder(source, ladder, probe.audioCodec() != null,
                        (int) Math.round(probe.frameRate() * 2), fresh(work, "cli")));
                System.out.printf(Locale.ROOT, "pair %d: ours %s | cli %s%n", pair, ours.get(pair - 1).describe(frames),
                        theirs.get(pair - 1).describe(frames));
            }
            Run oursMedian = Run.median(ours);
            Run theirsMedian = Run.median(theirs);
            System.out.printf(Locale.ROOT, "median: ours %s | cli %s%n", oursMedian.describe(frames),
                    theirsMedian.describe(frames));
            System.out.printf(Locale.ROOT, "ladder vs CLI: wall %.2fx, cpu %.2fx (goal: wall <= 1.05x)%n",
                    oursMedian.wallSeconds() / theirsMedian.wallSeconds(),
                    oursMedian.cpuSeconds() / theirsMedian.cpuSeconds());

            Run perRung = Run.inProcess(() -> {
                for (Rung rung : ladder) {
                    TestSources.encode(encoder, source, probe, List.of(rung), fresh(work, "per-rung"));
                }
            });
            System.out.printf(Locale.ROOT, "one pass per rung %s; one decode is %.2fx faster (goal: >= 1.4x)%n",
                    perRung.describe(frames), perRung.wallSeconds() / oursMedian.wallSeconds());

            consecutiveJobs(context, work, options.get("jobs"));
        } finally {
            delete(work);
        }
    }

    /** Whole transcodes (ladder, HLS, poster) of a short clip, one after another: RSS must stay flat. */
    private static void consecutiveJobs(ApplicationContext context, Path work, int jobs) throws Exception {
        var encoder = context.getBean(LadderEncoder.class);
        var hls = context.getBean(HlsPackager.class);
        var posters = context.getBean(PosterMaker.class);
        Path clip = new FfmpegCli().testClip(work, 10);
        Probe probe = context.getBean(SourceProbe.class).probe(TestSources.of(clip));
        List<Rung> ladder = Ladder.forSource(probe.displayWidth(), probe.displayHeight(),
                new ArrayList<>(context.getBeansOfType(RungSpec.class)));
        List<Long> rss = new ArrayList<>();
        for (int job = 1; job <= jobs; job++) {
            Path out = fresh(work, "job");
            List<RenditionFile> files = TestSources.encode(encoder, clip, probe, ladder, out);
            hls.packageAll(files, out.resolve("hls"));
            posters.poster(files.get(0), probe.durationSeconds(), out.resolve("poster.jpg"));
            delete(out);
            rss.add(ProcStatus.self("VmRSS"));
            System.out.printf(Locale.ROOT, "job %2d: RSS %d MiB%n", job, rss.get(job - 1) >> 20);
        }
        if (jobs >= 10) {
            long settled = rss.get(4);
            long last = rss.get(jobs - 1);
            System.out.printf(Locale.ROOT, "RSS after job 5: %d MiB, after job %d: %d MiB (%+.1f MiB per job)%n",
                    settled >> 20, jobs, last >> 20, (last - settled) / (double) (jobs - 5) / (1 << 20));
        }
    }

    static Path fresh(Path work, String name) throws Exception {
        return Files.createTempDirectory(work, name + "-");
    }

    static void delete(Path dir) throws Exception {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
