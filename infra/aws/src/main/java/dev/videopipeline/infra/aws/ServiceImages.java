package dev.videopipeline.infra.aws;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awscdk.IgnoreMode;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryAttributes;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerImageConfig;
import software.constructs.Construct;

/**
 * The services' container images, one of two ways:
 *
 * <ul>
 *   <li>built by {@code cdk deploy} from {@code <service>/Dockerfile} and the Maven build's output
 *       (no {@value #CONTEXT_KEY} context: a developer's deploy, {@code cdk synth} and the tests).
 *       Synth only hashes and stages those files (no Docker needed); run {@code ./mvnw package} first;</li>
 *   <li>images already pushed to ECR, named by digest in the CDK context
 *       {@code -c images=receiver=<repository ARN>@sha256:<hex>,encoder=…,mailer=…} (the workflow:
 *       staging and production run the very images it built and staging tested; a rollback names
 *       earlier digests). Nothing is built.</li>
 * </ul>
 *
 * <p>The receiver and mailer are linux/arm64 (Graviton: they have no native code), the encoder
 * linux/amd64 (its FFmpeg is JavaCV's Linux x86-64 build); the task definitions' CPU architectures
 * match. A pushed image must be built for the same platform.
 */
public final class ServiceImages {

    /** The CDK context key of pushed images. */
    public static final String CONTEXT_KEY = "images";

    private static final Map<String, Platform> PLATFORMS = Map.of(
            "receiver", Platform.LINUX_ARM64,
            "encoder", Platform.LINUX_AMD64,
            "mailer", Platform.LINUX_ARM64);

    // arn:<partition>:ecr:<region>:<account>:repository/<name>@sha256:<digest>: a digest, never a tag,
    // so a deploy can only run the image that was tested.
    private static final Pattern PUSHED = Pattern.compile(
            "(arn:aws[a-z-]*:ecr:([a-z0-9-]+):[0-9]{12}:repository/([a-z0-9][a-z0-9._/-]*))@(sha256:[0-9a-f]{64})");

    private final Path repositoryRoot;
    private final Map<String, Pushed> pushed;

    private ServiceImages(Path repositoryRoot, Map<String, Pushed> pushed) {
        this.repositoryRoot = repositoryRoot;
        this.pushed = pushed;
    }

    /**
     * The images named by {@code contextValue} (the {@value #CONTEXT_KEY} context), or, when it is
     * null, built from the Dockerfiles under {@code repositoryRoot}.
     */
    public static ServiceImages from(Path repositoryRoot, String contextValue) {
        return new ServiceImages(repositoryRoot, contextValue == null ? Map.of() : parse(contextValue));
    }

    /** The image of {@code service} (receiver, encoder, mailer). */
    public ContainerImage of(String service) {
        Platform platform = PLATFORMS.get(service);
        if (platform == null) {
            throw new IllegalArgumentException("no image for " + service + ": the services are " + PLATFORMS.keySet());
        }
        return pushed.isEmpty() ? built(service, platform) : pushed.get(service);
    }

    /**
     * The build context is the service's directory, cut down to what the Dockerfile copies: sources,
     * tests and reports never change the asset's hash, so an unchanged jar never makes a new image
     * or a new deployment.
     */
    private ContainerImage built(String service, Platform platform) {
        return ContainerImage.fromAsset(repositoryRoot.resolve(service).toString(), AssetImageProps.builder()
                .ignoreMode(IgnoreMode.DOCKER)
                .exclude(List.of("*", "!Dockerfile", "!target", "target/*", "!target/" + service + ".jar", "!target/lib"))
                .platform(platform)
                .build());
    }

    private static Map<String, Pushed> parse(String value) {
        var images = new LinkedHashMap<String, Pushed>();
        for (String entry : value.split(",")) {
            String[] serviceAndImage = entry.trim().split("=", 2);
            String service = serviceAndImage[0];
            if (!PLATFORMS.containsKey(service) || serviceAndImage.length < 2) {
                throw new IllegalArgumentException(CONTEXT_KEY + ": '" + entry + "' is not <service>=<image> for one of " + PLATFORMS.keySet());
            }
            var image = PUSHED.matcher(serviceAndImage[1]);
            if (!image.matches()) {
                throw new IllegalArgumentException(CONTEXT_KEY + ": " + service + "'s image '" + serviceAndImage[1]
                        + "' is not arn:<partition>:ecr:<region>:<account>:repository/<name>@sha256:<64 hex digits>");
            }
            if (images.put(service, new Pushed(image.group(1), image.group(3), image.group(2), image.group(4))) != null) {
                throw new IllegalArgumentException(CONTEXT_KEY + ": " + service + " is named twice");
            }
        }
        // All or none: a stage must never mix images the workflow tested with ones built on the spot.
        if (!images.keySet().equals(PLATFORMS.keySet())) {
            throw new IllegalArgumentException(CONTEXT_KEY + " names " + images.keySet() + ": name all of " + PLATFORMS.keySet());
        }
        return images;
    }

    /**
     * An image in an ECR repository, by digest. The repository is imported where the container is
     * defined, and the task's execution role may pull from it (identity policy; a repository in
     * another account must also allow that account in its repository policy).
     */
    private static final class Pushed extends ContainerImage {

        private final String repositoryArn;
        private final String repositoryName;
        private final String region;
        private final String digest;

        Pushed(String repositoryArn, String repositoryName, String region, String digest) {
            this.repositoryArn = repositoryArn;
            this.repositoryName = repositoryName;
            this.region = region;
            this.digest = digest;
        }

        @Override
        public ContainerImageConfig bind(Construct scope, ContainerDefinition containerDefinition) {
            String stackRegion = Stack.of(scope).getRegion();
            // Encoders run in isolated subnets and reach ECR only through the VPC endpoints of their
            // own region: an image elsewhere would never start.
            if (!Token.isUnresolved(stackRegion) && !stackRegion.equals(region)) {
                throw new IllegalArgumentException(CONTEXT_KEY + ": " + repositoryArn + " is in " + region
                        + ", the stage in " + stackRegion + ": tasks pull only from their own region's ECR");
            }
            var repository = Repository.fromRepositoryAttributes(scope, "ImageRepository", RepositoryAttributes.builder()
                    .repositoryArn(repositoryArn)
                    .repositoryName(repositoryName)
                    .build());
            return ContainerImage.fromEcrRepository(repository, digest).bind(scope, containerDefinition);
        }
    }
}
