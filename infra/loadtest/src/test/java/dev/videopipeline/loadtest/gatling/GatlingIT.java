package dev.videopipeline.loadtest.gatling;

import dev.videopipeline.loadtest.OwnerLimits;
import dev.videopipeline.testclips.TestClips;
import dev.videopipeline.testpipeline.PipelineLauncher;
import io.gatling.javaapi.core.Simulation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every simulation, for a second, against the local pipeline: the load test must keep working as
 * the API changes. A second at two users a second runs each request and check; the figures are not
 * looked at. The runs share one clip, so that none spends its time making it.
 */
class GatlingIT {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static final Path RESULTS = Path.of("target/gatling-it");

    private static PipelineLauncher stack;
    private static Path clip;

    @BeforeAll
    static void startPipeline() throws IOException, InterruptedException {
        Files.createDirectories(RESULTS);
        clip = TestClips.write(RESULTS, TestClips.Kind.MP4, 2, 640, 360, true, 0);
        stack = PipelineLauncher.builder().environment(OwnerLimits.LIFTED)
                .log(RESULTS.resolve("pipeline.log").toAbsolutePath()).start();
    }

    @AfterAll
    static void stopPipeline() {
        if (stack != null) {
            stack.close();
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {UploadRampSimulation.class, UploadToReadySimulation.class, StatusReadSimulation.class})
    void aShortRunPassesItsAssertionsAndWritesItsReport(Class<? extends Simulation> simulation)
            throws IOException, InterruptedException {
        var settings = Map.of("baseUrl", stack.site(), "video", clip.toString(), "usersPerSec", "2", "duration", "1");

        int exit = GatlingRun.run(simulation, RESULTS, settings, RUN_TIMEOUT);

        assertThat(exit).as("Gatling's exit code (2: an assertion failed; its output is above)").isZero();
        assertThat(reportOf(simulation)).isRegularFile();
    }

    /** Gatling names a run's folder after the simulation in lower case, then its start time. */
    private static Path reportOf(Class<? extends Simulation> simulation) throws IOException {
        String prefix = simulation.getSimpleName().toLowerCase() + "-";
        try (Stream<Path> runs = Files.list(RESULTS)) {
            return runs.filter(run -> run.getFileName().toString().startsWith(prefix))
                    .max(Path::compareTo).orElseThrow().resolve("index.html");
        }
    }
}
