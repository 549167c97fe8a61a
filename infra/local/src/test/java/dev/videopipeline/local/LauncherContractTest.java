package dev.videopipeline.local;

import dev.videopipeline.testpipeline.PipelineLauncher;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The test harness starts the launcher from outside: what it waits for and reads must be what the launcher writes. */
class LauncherContractTest {

    @Test
    void theHarnessWaitsForTheLinePrintedWhenThePipelineIsUp() {
        assertThat(PipelineLauncher.READY_LINE).isEqualTo(LocalPipeline.READY_LINE);
    }

    @Test
    void theHarnessReadsTheStateFileTheEmulatorsWrite() {
        Path root = Path.of("/repo");

        assertThat(PipelineLauncher.stateFile(root, 20_123)).isEqualTo(LocalPipeline.stateFile(root, 20_123));
    }
}
