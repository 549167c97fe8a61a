package dev.videopipeline.infra.aws.services;

import dev.videopipeline.infra.aws.ServiceImages;
import dev.videopipeline.infra.aws.config.StageConfig;
import dev.videopipeline.infra.aws.data.Data;
import dev.videopipeline.infra.aws.edge.Edge;
import dev.videopipeline.infra.aws.identity.Identity;
import dev.videopipeline.infra.aws.network.Network;
import java.util.Objects;
import software.amazon.awscdk.services.route53.IHostedZone;

/**
 * What {@link Services} (the cluster and the three services) is built from, named as the CDK's own
 * props are: built with {@link #builder()}.
 *
 * @param config   the stage's settings
 * @param network  the VPC the cluster is in
 * @param data     the buckets, tables and queues
 * @param identity the user pool (the receiver checks its tokens)
 * @param edge     the distribution in front of the receiver
 * @param images   the three services' images
 * @param zone     the stage's hosted zone (the receiver's origin record)
 */
public record ServicesProps(StageConfig config, Network network, Data data, Identity identity, Edge edge, ServiceImages images, IHostedZone zone) {

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private StageConfig config;
        private Network network;
        private Data data;
        private Identity identity;
        private Edge edge;
        private ServiceImages images;
        private IHostedZone zone;

        public Builder config(StageConfig config) {
            this.config = config;
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

        public Builder identity(Identity identity) {
            this.identity = identity;
            return this;
        }

        public Builder edge(Edge edge) {
            this.edge = edge;
            return this;
        }

        public Builder images(ServiceImages images) {
            this.images = images;
            return this;
        }

        public Builder zone(IHostedZone zone) {
            this.zone = zone;
            return this;
        }

        public ServicesProps build() {
            return new ServicesProps(Objects.requireNonNull(config, "config"),
                    Objects.requireNonNull(network, "network"),
                    Objects.requireNonNull(data, "data"),
                    Objects.requireNonNull(identity, "identity"),
                    Objects.requireNonNull(edge, "edge"),
                    Objects.requireNonNull(images, "images"),
                    Objects.requireNonNull(zone, "zone"));
        }
    }
}
