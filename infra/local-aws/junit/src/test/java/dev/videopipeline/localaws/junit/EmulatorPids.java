package dev.videopipeline.localaws.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The emulator pids the test classes of this JVM were given: there must be exactly one (emulator backend only). */
final class EmulatorPids {

    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private EmulatorPids() {
    }

    static void assertSharedBy(LocalAws aws) {
        assumeTrue(LocalAwsLauncher.setting("pipeline.aws", "PIPELINE_AWS").filter("localstack"::equalsIgnoreCase).isEmpty(),
                "the emulator process is only checked on the emulator backend");
        String pid = aws.property("local-aws.pid");
        SEEN.add(pid);

        assertThat(SEEN).containsExactly(pid);
        assertThat(Long.parseLong(pid)).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive)).contains(true);
    }
}
