package dev.videopipeline.localaws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the emulators when whoever started them is gone, so a killed test JVM or launcher leaves
 * no process behind. SIGTERM and SIGINT are handled by the shutdown hook.
 */
final class StopTriggers {

    private static final Logger log = LoggerFactory.getLogger(StopTriggers.class);

    private StopTriggers() {
    }

    static void onParentExit(long pid, Runnable stop) {
        ProcessHandle.of(pid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> {
                    log.info("parent process {} ended", pid);
                    stop.run();
                }),
                () -> {
                    log.info("parent process {} is already gone", pid);
                    stop.run();
                });
    }
}
