package dev.videopipeline.infra.aws.edge;

import dev.videopipeline.infra.aws.config.StageConfig;
import dev.videopipeline.infra.aws.data.Data;
import java.util.Objects;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.route53.IHostedZone;

/**
 * What an {@link Edge} is built from, named as the CDK's own props are: built with {@link #builder()}.
 *
 * @param config      the stage's settings
 * @param zone        where the domain's alias records go
 * @param certificate for the domain, from us-east-1, where CloudFront takes it from
 * @param webAclArn   the {@link WebAcl}'s, from us-east-1 too
 * @param data        the media bucket (an origin) and the logs bucket
 */
public record EdgeProps(StageConfig config, IHostedZone zone, ICertificate certificate, String webAclArn, Data data) {

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private StageConfig config;
        private IHostedZone zone;
        private ICertificate certificate;
        private String webAclArn;
        private Data data;

        public Builder config(StageConfig config) {
            this.config = config;
            return this;
        }

        public Builder zone(IHostedZone zone) {
            this.zone = zone;
            return this;
        }

        public Builder certificate(ICertificate certificate) {
            this.certificate = certificate;
            return this;
        }

        public Builder webAclArn(String webAclArn) {
            this.webAclArn = webAclArn;
            return this;
        }

        public Builder data(Data data) {
            this.data = data;
            return this;
        }

        public EdgeProps build() {
            return new EdgeProps(Objects.requireNonNull(config, "config"),
                    Objects.requireNonNull(zone, "zone"),
                    Objects.requireNonNull(certificate, "certificate"),
                    Objects.requireNonNull(webAclArn, "webAclArn"),
                    Objects.requireNonNull(data, "data"));
        }
    }
}
