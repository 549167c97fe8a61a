package dev.videopipeline.encoder.worker;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where jobs keep their files: one directory per job under one per encoder process
 * ({@code encoder-<pid>}), so encoders sharing a disk never touch each other's files. A job
 * removes its directory; what a killed process left is removed by the next one to start.
 */
@Singleton
public class WorkDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(WorkDirectory.class);
    private static final String PREFIX = "encoder-";

    private final Path root;
    private final Path mine;

    public WorkDirectory(EncoderSettings settings) {
        this.root = settings.workDir();
        this.mine = root.resolve(PREFIX + ProcessHandle.current().pid());
        removeLeftovers();
    }

    /** A fresh, empty directory for one job of {@code videoId}. */
    public Path newJob(String videoId) {
        try {
            return Files.createTempDirectory(Files.createDirectories(mine), "job-" + videoId + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code dir} and all in it; what is gone already (another encoder's clean-up) is fine. */
    public void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (NoSuchFileException gone) {
            // removed meanwhile
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Directories of encoder processes that are gone (killed mid-job: their sources and renditions). */
    private void removeLeftovers() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(dir -> dir.getFileName().toString().matches(PREFIX + "\\d+"))
                    .filter(dir -> ProcessHandle.of(Long.parseLong(dir.getFileName().toString().substring(PREFIX.length())))
                            .map(process -> !process.isAlive()).orElse(true))
                    .forEach(dir -> {
                        LOG.atInfo().setMessage("removing a stopped encoder's files").addKeyValue("dir", dir).log();
                        delete(dir);
                    });
        } catch (IOException | UncheckedIOException e) {
            // Leftovers cost disk, not correctness: never a reason not to start.
            LOG.atWarn().setMessage("could not remove stopped encoders' files").addKeyValue("dir", root)
                    .addKeyValue("error", e.toString()).log();
        }
    }
}
