package dev.videopipeline.mailer.worker;

import dev.videopipeline.common.metrics.EmbeddedMetricsRegistry;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** With a namespace (in AWS), what the mailer records reaches the CloudWatch registry too. */
@LocalAwsTest
@MicronautTest
@Property(name = "pipeline.metrics.namespace", value = "VideoPipeline/test")
class CloudWatchMetricsIT {

    @Inject
    MeterRegistry registry;

    @Test
    void theMailersMetersAreRecordedInTheCloudWatchRegistryBesidePrometheus() {
        assertThat(registry).isInstanceOf(CompositeMeterRegistry.class);
        var registries = ((CompositeMeterRegistry) registry).getRegistries();
        var cloudWatch = registries.stream().filter(EmbeddedMetricsRegistry.class::isInstance).findFirst();
        assertThat(cloudWatch).isPresent();
        assertThat(registries).hasSizeGreaterThan(1);

        registry.counter("pipeline.mails.sent", "outcome", "ready").increment();

        assertThat(cloudWatch.get().find("pipeline.mails.sent").tag("outcome", "ready").counter()).isNotNull();
    }
}
