package dev.videopipeline.encoder.transcode;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import jakarta.validation.constraints.Positive;

/**
 * One rung of the configured ladder ({@code encoder.ladder.<name>.*}): the short side of the
 * picture, so that portrait video keeps its shape, and the target bitrates.
 */
@EachProperty("encoder.ladder")
public record RungSpec(@Parameter String name, @Positive int shortSide, @Positive int videoKbps,
                       @Positive int audioKbps) {
}
