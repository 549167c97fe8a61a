package dev.videopipeline.receiver.upload;

import dev.videopipeline.receiver.intake.ReceiverStop;
import dev.videopipeline.receiver.intake.UploadSettings;
import dev.videopipeline.receiver.problem.ApiProblem;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The receiver's stop (SIGTERM: an ECS rolling update or scale-in). From the signal on, readiness
 * is DOWN and new uploads are refused; uploads in progress get {@code pipeline.upload.stop-grace}
 * to finish, then are cut off and removed (parts aborted, item deleted, nothing queued) while the
 * AWS clients are still open, and their clients get a 503 to upload again elsewhere. The stop waits
 * for that, within Micronaut's graceful shutdown period.
 */
@Singleton
public class UploadDrain implements GracefulShutdownCapable {

    private static final Logger LOG = LoggerFactory.getLogger(UploadDrain.class);

    private final UploadSettings settings;
    private final UploadSlots slots;
    private final ReceiverStop stop;
    private final Clock clock;

    public UploadDrain(UploadSettings settings, UploadSlots slots, ReceiverStop stop, Clock clock) {
        this.settings = settings;
        this.slots = slots;
        this.stop = stop;
        this.clock = clock;
    }

    /** @throws ApiProblem 503 once draining: a new upload belongs on another receiver */
    void refuseNewUploads() {
        if (stop.stopping()) {
            throw stopping("This server is stopping. Upload again in a moment.");
        }
    }

    /** @throws ApiProblem 503 once the stop's grace has run out for the uploads still in progress */
    void checkStillAllowed() {
        if (stop.pastCutOff(clock.instant())) {
            throw stopping("This server stopped during the upload; nothing was kept. Upload again.");
        }
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        stop.begin(clock.instant().plus(settings.stopGrace()));
        LOG.atInfo().setMessage("draining").addKeyValue("uploadsInProgress", slots.inUse())
                .addKeyValue("stopGrace", settings.stopGrace()).log();
        return CompletableFuture.runAsync(this::awaitUploadsEnded, task -> {
            Thread watcher = new Thread(task, "upload-drain");
            watcher.setDaemon(true);
            watcher.start();
        });
    }

    private void awaitUploadsEnded() {
        try {
            while (slots.inUse() > 0) {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public OptionalLong reportActiveTasks() {
        return OptionalLong.of(slots.inUse());
    }

    private static ApiProblem stopping(String detail) {
        return ApiProblem.stopping(detail);
    }
}
