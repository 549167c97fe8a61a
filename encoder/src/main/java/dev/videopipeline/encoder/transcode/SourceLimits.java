package dev.videopipeline.encoder.transcode;

import dev.videopipeline.common.video.Probe;
import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.time.Duration;

/**
 * The guard rails ({@code encoder.limits.*}): the longest and the largest picture this pipeline
 * encodes. A source past them fails at once, with a reason its owner can act on.
 */
@ConfigurationProperties("encoder.limits")
public record SourceLimits(@NotNull Duration maxDuration, @Positive long maxPixels) {

    /** @throws UnreadableSourceException when the source is past a limit, or has no length or picture size */
    public void check(Probe probe) {
        if (probe.durationSeconds() <= 0) {
            throw new UnreadableSourceException("The video has no length we can read.", null);
        }
        if (probe.width() < 2 || probe.height() < 2) {
            // Else the ladder would refuse it as a bug, and the job be retried to no end.
            throw new UnreadableSourceException("The video has no picture size we can read.", null);
        }
        if (probe.durationSeconds() > maxDuration.toSeconds()) {
            throw new UnreadableSourceException("The video is longer than the " + describeDuration() + " limit.", null);
        }
        if ((long) probe.width() * probe.height() > maxPixels) {
            throw new UnreadableSourceException("The picture is larger than we encode (" + probe.width() + "x"
                    + probe.height() + "; at most " + maxPixels + " pixels, about 4K).", null);
        }
    }

    /** The duration limit as the failure reasons say it: "2-hour", "90-minute". */
    public String describeDuration() {
        if (maxDuration.toMinutesPart() == 0 && maxDuration.toHours() > 0) {
            return maxDuration.toHours() + "-hour";
        }
        return maxDuration.toSeconds() % 60 == 0 ? maxDuration.toMinutes() + "-minute" : maxDuration.toSeconds() + "-second";
    }
}
