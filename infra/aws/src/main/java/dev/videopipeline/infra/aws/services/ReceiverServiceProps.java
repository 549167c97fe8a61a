package dev.videopipeline.infra.aws.services;

import dev.videopipeline.infra.aws.edge.Edge;
import dev.videopipeline.infra.aws.identity.Identity;
import java.util.Objects;
import software.amazon.awscdk.services.route53.IHostedZone;

/**
 * What a {@link ReceiverService} is built from: what every service is, and what only the receiver
 * uses. Built with {@link #builder()}, as the CDK's own props are.
 *
 * @param service  the stage, cluster, network, data and image, as for every service
 * @param identity the user pool whose ID tokens the receiver checks
 * @param edge     the distribution it invalidates and the origin secret its listener requires
 * @param zone     where the ALB's {@code origin.<domain>} record and certificate validation go
 */
public record ReceiverServiceProps(ServiceProps service, Identity identity, Edge edge, IHostedZone zone) {

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private ServiceProps service;
        private Identity identity;
        private Edge edge;
        private IHostedZone zone;

        public Builder service(ServiceProps service) {
            this.service = service;
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

        public Builder zone(IHostedZone zone) {
            this.zone = zone;
            return this;
        }

        public ReceiverServiceProps build() {
            return new ReceiverServiceProps(Objects.requireNonNull(service, "service"),
                    Objects.requireNonNull(identity, "identity"),
                    Objects.requireNonNull(edge, "edge"),
                    Objects.requireNonNull(zone, "zone"));
        }
    }
}
