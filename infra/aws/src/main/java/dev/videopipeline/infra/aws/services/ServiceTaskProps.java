package dev.videopipeline.infra.aws.services;

import dev.videopipeline.infra.aws.config.ServiceSize;
import dev.videopipeline.infra.aws.config.StageConfig;
import dev.videopipeline.infra.aws.network.Network;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * What a {@link ServiceTask} is made of, named as the CDK's own props are: built with {@link #builder()}.
 *
 * @param subnets            where its tasks run; the network's task subnets unless set
 * @param ephemeralStorageGiB the task's disk beyond Fargate's default, or null
 * @param environment        ordered (a sorted map): the same settings always render the same task
 *                           definition, so a synth never shows a spurious replacement
 * @param stopTimeout        how long ECS waits between SIGTERM and SIGKILL
 * @param port               the container port the load balancer reaches, or null for a worker
 * @param architecture       the CPU its image is built for
 * @param healthCheck        the container's own health check, or null for none
 * @param capacity           where its tasks are placed (capacity providers), or null for on-demand Fargate
 * @param healthCheckGracePeriod how long a new task's failed load balancer checks are ignored, or
 *                           null for a service without a load balancer
 */
public record ServiceTaskProps(StageConfig config, ICluster cluster, Network network, SubnetSelection subnets,
                               ContainerImage image, ServiceSize size, Integer ephemeralStorageGiB,
                               SortedMap<String, String> environment, List<PolicyStatement> permissions,
                               Duration stopTimeout, Integer port, CpuArchitecture architecture,
                               HealthCheck healthCheck, List<CapacityProviderStrategy> capacity,
                               Duration healthCheckGracePeriod) {

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private StageConfig config;
        private ICluster cluster;
        private Network network;
        private SubnetSelection subnets;
        private ContainerImage image;
        private ServiceSize size;
        private Integer ephemeralStorageGiB;
        private SortedMap<String, String> environment;
        private List<PolicyStatement> permissions;
        private Duration stopTimeout;
        private Integer port;
        private CpuArchitecture architecture;
        private HealthCheck healthCheck;
        private List<CapacityProviderStrategy> capacity;
        private Duration healthCheckGracePeriod;

        public Builder config(StageConfig config) {
            this.config = config;
            return this;
        }

        public Builder cluster(ICluster cluster) {
            this.cluster = cluster;
            return this;
        }

        public Builder network(Network network) {
            this.network = network;
            return this;
        }

        public Builder subnets(SubnetSelection subnets) {
            this.subnets = subnets;
            return this;
        }

        public Builder image(ContainerImage image) {
            this.image = image;
            return this;
        }

        public Builder size(ServiceSize size) {
            this.size = size;
            return this;
        }

        public Builder ephemeralStorageGiB(Integer ephemeralStorageGiB) {
            this.ephemeralStorageGiB = ephemeralStorageGiB;
            return this;
        }

        public Builder environment(SortedMap<String, String> environment) {
            this.environment = environment;
            return this;
        }

        public Builder permissions(List<PolicyStatement> permissions) {
            this.permissions = permissions;
            return this;
        }

        public Builder stopTimeout(Duration stopTimeout) {
            this.stopTimeout = stopTimeout;
            return this;
        }

        public Builder port(Integer port) {
            this.port = port;
            return this;
        }

        public Builder architecture(CpuArchitecture architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder healthCheck(HealthCheck healthCheck) {
            this.healthCheck = healthCheck;
            return this;
        }

        public Builder capacity(List<CapacityProviderStrategy> capacity) {
            this.capacity = capacity;
            return this;
        }

        public Builder healthCheckGracePeriod(Duration healthCheckGracePeriod) {
            this.healthCheckGracePeriod = healthCheckGracePeriod;
            return this;
        }

        public ServiceTaskProps build() {
            Objects.requireNonNull(network, "network");
            return new ServiceTaskProps(Objects.requireNonNull(config, "config"), Objects.requireNonNull(cluster, "cluster"),
                    network, subnets == null ? network.taskSubnets() : subnets, Objects.requireNonNull(image, "image"),
                    Objects.requireNonNull(size, "size"), ephemeralStorageGiB,
                    Objects.requireNonNull(environment, "environment"), Objects.requireNonNull(permissions, "permissions"),
                    Objects.requireNonNull(stopTimeout, "stopTimeout"), port,
                    Objects.requireNonNull(architecture, "architecture"), healthCheck, capacity, healthCheckGracePeriod);
        }
    }
}
