package dev.videopipeline.infra.aws;

import dev.videopipeline.infra.aws.config.StageConfig;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.StageProps;
import software.constructs.Construct;

/**
 * One stage (staging or production): CloudFront's certificate and web ACL in us-east-1, where
 * CloudFront requires them, and everything else in the stage's region. Deployed as {@code cdk deploy '<Stage>/*'}.
 */
public class PipelineStage extends Stage {

    private final StageConfig config;
    private final CertificateStack certificates;
    private final PipelineStack pipeline;

    public PipelineStage(Construct scope, StageConfig config, ServiceImages images) {
        super(scope, config.displayName(), StageProps.builder()
                .env(Environment.builder().account(config.account()).region(config.region()).build())
                .build());
        this.config = config;
        this.certificates = new CertificateStack(this, config);
        this.pipeline = new PipelineStack(this, config, images, certificates);
        pipeline.addStackDependency(certificates, "CloudFront's certificate and web ACL come from us-east-1");
    }

    public StageConfig config() {
        return config;
    }

    public CertificateStack certificates() {
        return certificates;
    }

    public PipelineStack pipeline() {
        return pipeline;
    }
}
