package dev.videopipeline.common.aws;

import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS call a service makes, by service, operation and outcome
 * ({@code pipeline.aws.calls}): what a dashboard needs to see a service throttled or failing, and
 * what shows that a flood of health checks costs no calls of its own.
 */
final class AwsCallMetrics implements ExecutionInterceptor {

    private final MeterRegistry registry;

    AwsCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        count(attributes, "ok");
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        count(attributes, "failed");
    }

    private void count(ExecutionAttributes attributes, String outcome) {
        registry.counter("pipeline.aws.calls",
                "service", String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)),
                "operation", String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)),
                "outcome", outcome).increment();
    }
}
