package dev.videopipeline.infra.aws.services;

import dev.videopipeline.infra.aws.config.StageConfig;
import dev.videopipeline.infra.aws.data.Data;
import dev.videopipeline.infra.aws.network.Network;
import java.util.Objects;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ICluster;

/**
 * What each of the three services is built from, named as the CDK's own props are: built with
 * {@link #builder()}.
 *
 * @param config  the stage's settings
 * @param cluster the cluster its tasks run in
 * @param network the VPC and its subnets
 * @param data    the buckets, tables and queues it is told about and given rights on
 * @param image   the service's image
 */
public record ServiceProps(StageConfig config, ICluster cluster, Network network, Data data, ContainerImage image) {

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private StageConfig config;
        private ICluster cluster;
        private Network network;
        private Data data;
        private ContainerImage image;

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

        public Builder data(Data data) {
            this.data = data;
            return this;
        }

        public Builder image(ContainerImage image) {
            this.image = image;
            return this;
        }

        public ServiceProps build() {
            return new ServiceProps(Objects.requireNonNull(config, "config"),
                    Objects.requireNonNull(cluster, "cluster"),
                    Objects.requireNonNull(network, "network"),
                    Objects.requireNonNull(data, "data"),
                    Objects.requireNonNull(image, "image"));
        }
    }
}
