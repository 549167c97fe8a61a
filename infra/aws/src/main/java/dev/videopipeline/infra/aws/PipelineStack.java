package dev.videopipeline.infra.aws;

import dev.videopipeline.infra.aws.config.StageConfig;
import dev.videopipeline.infra.aws.data.Data;
import dev.videopipeline.infra.aws.edge.Edge;
import dev.videopipeline.infra.aws.edge.EdgeProps;
import dev.videopipeline.infra.aws.identity.Identity;
import dev.videopipeline.infra.aws.network.Network;
import dev.videopipeline.infra.aws.operations.Operations;
import dev.videopipeline.infra.aws.services.Services;
import dev.videopipeline.infra.aws.services.ServicesProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.constructs.Construct;

/**
 * The pipeline of one stage in its region: network, data, sign-in, the three services, the edge and
 * what watches them. One stack, because these parts reference each other both ways (the media bucket's
 * policy names the distribution, the distribution the bucket) and deploy together.
 */
public class PipelineStack extends Stack {

    private final Data data;
    private final Identity identity;
    private final Services services;
    private final Edge edge;
    private final Operations operations;

    public PipelineStack(Construct scope, StageConfig config, ServiceImages images, CertificateStack certificates) {
        super(scope, "Pipeline", StackProps.builder()
                .env(Environment.builder().account(config.account()).region(config.region()).build())
                .crossRegionReferences(true)
                .description("video-pipeline " + config.stage() + ": network, data, sign-in, services, edge, alarms")
                .build());
        IHostedZone zone = HostedZone.fromHostedZoneAttributes(this, "Zone", HostedZoneAttributes.builder()
                .hostedZoneId(config.zone().id()).zoneName(config.zone().name()).build());

        var network = new Network(this, "Network", config);
        this.data = new Data(this, "Data", config, zone);
        this.identity = new Identity(this, "Identity", config);
        // The edge first: the receiver takes the distribution's id (it invalidates a deleted video's
        // media) and the origin secret (its listener rule). No cycle: CloudFront reaches the ALB by
        // name (origin.<domain>, config), not by a reference to it.
        this.edge = new Edge(this, "Edge", EdgeProps.builder()
                .config(config).zone(zone).data(data)
                .certificate(certificates.certificate()).webAclArn(certificates.webAcl().arn())
                .build());
        this.services = new Services(this, "Services", ServicesProps.builder()
                .config(config).network(network).data(data).identity(identity).edge(edge).images(images).zone(zone)
                .build());
        // A deploy that changes the origin secret updates the listener (which then accepts the new
        // value too) before the distribution starts sending it: no request is refused in between.
        edge.distribution().getNode().addDependency(services.receiver().listener());
        this.operations = new Operations(this, "Operations", config, data, services);
    }

    public Data data() {
        return data;
    }

    public Identity identity() {
        return identity;
    }

    public Services services() {
        return services;
    }

    public Edge edge() {
        return edge;
    }

    public Operations operations() {
        return operations;
    }
}
