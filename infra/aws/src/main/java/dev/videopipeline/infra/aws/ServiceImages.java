package dev.videopipeline.infra.aws;

import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.IgnoreMode;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.ContainerImage;

/**
 * The services' container images, built by {@code cdk deploy} from {@code <service>/Dockerfile}
 * and the Maven build's output. Synth only hashes and stages those files (no Docker needed); the
 * image is built and pushed at deploy, so run {@code ./mvnw package} first.
 */
public final class ServiceImages {

    private final Path repositoryRoot;

    public ServiceImages(Path repositoryRoot) {
        this.repositoryRoot = repositoryRoot;
    }

    /**
     * The image of {@code service} (receiver, encoder, mailer). The build context is the service's
     * directory, cut down to what the Dockerfile copies: sources, tests and reports never change
     * the asset's hash, so an unchanged jar never makes a new image or a new deployment.
     */
    public ContainerImage of(String service) {
        return ContainerImage.fromAsset(repositoryRoot.resolve(service).toString(), AssetImageProps.builder()
                .ignoreMode(IgnoreMode.DOCKER)
                .exclude(List.of("*", "!Dockerfile", "!target", "target/*", "!target/" + service + ".jar", "!target/lib"))
                // The encoder's FFmpeg is a Linux x86-64 build; one platform for all keeps them alike.
                .platform(Platform.LINUX_AMD64)
                .build());
    }
}
