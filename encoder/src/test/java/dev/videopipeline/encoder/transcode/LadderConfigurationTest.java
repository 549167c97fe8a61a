package dev.videopipeline.encoder.transcode;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LadderConfigurationTest {

    @Test
    void applicationYmlDefinesTheDefaultLadder() {
        try (var context = ApplicationContext.run(Map.of("encoder.worker.enabled", "false"))) {
            assertThat(context.getBeansOfType(RungSpec.class)).containsExactlyInAnyOrder(
                    new RungSpec("1080p", 1080, 5000, 160),
                    new RungSpec("720p", 720, 2800, 128),
                    new RungSpec("480p", 480, 1400, 128),
                    new RungSpec("360p", 360, 800, 96));
        }
    }
}
