package dev.videopipeline.localaws;

import java.io.IOException;
import java.io.InputStream;

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

    static void onStdinEof(InputStream stdin, Runnable stop) {
        Thread watcher = new Thread(() -> {
            try {
                while (stdin.read() != -1) {
                    // Whatever is typed is ignored; only the end of input matters.
                }
            } catch (IOException e) {
                log.debug("stdin failed: {}", e.toString());
            }
            log.info("standard input closed");
            stop.run();
        }, "stdin-eof-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
