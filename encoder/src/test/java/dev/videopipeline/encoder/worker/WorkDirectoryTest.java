package dev.videopipeline.encoder.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class WorkDirectoryTest {

    @TempDir
    Path root;

    @Test
    void filesOfAnEncoderThatDiedAreRemovedAtStartAndThoseOfALiveOneKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path dead = Files.createDirectories(root.resolve("encoder-" + gone.pid() + "/job-a"));
        long alive = ProcessHandle.current().parent().orElseThrow().pid();
        Path live = Files.createDirectories(root.resolve("encoder-" + alive + "/job-b"));

        var work = new WorkDirectory(settings());

        assertThat(dead.getParent()).doesNotExist();
        assertThat(live).isDirectory();
        Path job = work.newJob("v1");
        assertThat(job.getParent()).isEqualTo(root.resolve("encoder-" + ProcessHandle.current().pid()));
        work.delete(job);
        assertThat(job).doesNotExist();
    }

    @Test
    void removingWhatIsGoneAlreadyIsFine() {
        var work = new WorkDirectory(settings());

        work.delete(root.resolve("encoder-1/removed-by-another-encoder"));
    }

    @Test
    void defaultsToTheTemporaryDirectory() {
        var settings = new EncoderSettings(1, Duration.ofMinutes(2), Duration.ofSeconds(5), null,
                Duration.ofSeconds(90), Duration.ofHours(6), 5);

        assertThat(settings.workDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "video-pipeline-encoder"));
    }

    private EncoderSettings settings() {
        return new EncoderSettings(1, Duration.ofMinutes(2), Duration.ofSeconds(5), root, Duration.ofSeconds(90), Duration.ofHours(6), 5);
    }
}
