package dev.videopipeline.infra.aws;

import dev.videopipeline.infra.aws.config.StageConfig;
import dev.videopipeline.infra.aws.edge.WebAcl;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.CertificateValidation;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.constructs.Construct;

/**
 * What CloudFront needs from us-east-1: the certificate it presents for the stage's domain and its
 * web ACL ({@link WebAcl}). CloudFront only takes certificates from us-east-1, and a web ACL of
 * scope CLOUDFRONT can only be made there, so this small stack lives there whatever the stage's
 * region; the pipeline stack reads both ARNs through CDK's cross-region references (SSM parameters
 * the CDK writes here and reads there).
 */
public class CertificateStack extends Stack {

    private final ICertificate certificate;
    private final WebAcl webAcl;

    public CertificateStack(Construct scope, StageConfig config) {
        super(scope, "Certificates", StackProps.builder()
                .env(Environment.builder().account(config.account()).region("us-east-1").build())
                .crossRegionReferences(true)
                .description("video-pipeline " + config.stage() + ": CloudFront's certificate and web ACL (us-east-1)")
                .build());
        IHostedZone zone = HostedZone.fromHostedZoneAttributes(this, "Zone", HostedZoneAttributes.builder()
                .hostedZoneId(config.zone().id()).zoneName(config.zone().name()).build());
        this.certificate = Certificate.Builder.create(this, "CloudFrontCertificate")
                .domainName(config.domain())
                .validation(CertificateValidation.fromDns(zone))
                .build();
        this.webAcl = new WebAcl(this, "CloudFrontWebAcl", config);
    }

    public ICertificate certificate() {
        return certificate;
    }

    public WebAcl webAcl() {
        return webAcl;
    }
}
