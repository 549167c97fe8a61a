package dev.videopipeline.common.metrics;

import io.micrometer.core.instrument.Clock;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * In AWS ({@code pipeline.metrics.namespace} set, env {@code PIPELINE_METRICS_NAMESPACE}) the
 * service's meters also go to CloudWatch; Micronaut adds this registry to the one the code records
 * in, beside Prometheus. Locally the namespace is empty and nothing is written.
 */
@Factory
class CloudWatchMetricsFactory {

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "pipeline.metrics.namespace", pattern = ".+")
    EmbeddedMetricsRegistry embeddedMetrics(@Value("${pipeline.metrics.namespace}") String namespace,
                                            @Value("${micronaut.application.name}") String service,
                                            @Value("${pipeline.metrics.step:1m}") Duration step) {
        return new EmbeddedMetricsRegistry(namespace, service, step, Clock.SYSTEM, System.out).started();
    }
}
