package dev.videopipeline.infra.aws.services;

import dev.videopipeline.infra.aws.config.StageConfig;
import dev.videopipeline.infra.aws.data.Data;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.constructs.Construct;

/**
 * One Fargate cluster (Container Insights on: the encoder scales on its running-task count, the
 * alarms compare running with desired tasks; Fargate and Fargate Spot as its capacity providers)
 * and the three services.
 */
public class Services extends Construct {

    private final Cluster cluster;
    private final ReceiverService receiver;
    private final EncoderService encoder;
    private final MailerService mailer;

    public Services(Construct scope, String id, ServicesProps props) {
        super(scope, id);
        this.cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(props.network().vpc())
                .containerInsightsV2(ContainerInsights.ENABLED)
                .enableFargateCapacityProviders(true)
                .build();
        var images = props.images();
        this.receiver = new ReceiverService(this, "Receiver", ReceiverServiceProps.builder()
                .service(service(props, images.of("receiver")))
                .identity(props.identity()).edge(props.edge()).zone(props.zone())
                .build());
        this.encoder = new EncoderService(this, "Encoder", service(props, images.of("encoder")));
        this.mailer = new MailerService(this, "Mailer", service(props, images.of("mailer")));
    }

    private ServiceProps service(ServicesProps props, ContainerImage image) {
        return ServiceProps.builder()
                .config(props.config()).cluster(cluster).network(props.network()).data(props.data()).image(image)
                .build();
    }

    /**
     * The settings every service reads (docs/architecture.md, "Configuration"), by their environment variables.
     * Sorted: a map's order is the task definition's order, and it must not change between synths.
     */
    static SortedMap<String, String> commonEnvironment(StageConfig config, Data data) {
        var env = new TreeMap<String, String>();
        // Micrometer's pipeline.* meters as embedded metric format lines on stdout, which the awslogs
        // driver already ships: CloudWatch makes them metrics, with no API call from the task.
        env.put("PIPELINE_METRICS_NAMESPACE", config.metricsNamespace());
        env.put("AWS_REGION", Stack.of(data).getRegion());
        env.put("PIPELINE_UPLOADS_BUCKET", data.buckets().uploads().getBucketName());
        env.put("PIPELINE_MEDIA_BUCKET", data.buckets().media().getBucketName());
        env.put("PIPELINE_VIDEOS_TABLE", data.videos().table().getTableName());
        env.put("PIPELINE_ENCODE_QUEUE_URL", data.encodeRequests().queue().getQueueUrl());
        env.put("PIPELINE_NOTIFY_QUEUE_URL", data.notifications().queue().getQueueUrl());
        env.put("LOG_FORMAT", "json");
        return env;
    }

    /** A duration as Micronaut reads it from an environment variable. */
    static String seconds(java.time.Duration duration) {
        return duration.toSeconds() + "s";
    }

    public Cluster cluster() {
        return cluster;
    }

    public ReceiverService receiver() {
        return receiver;
    }

    public EncoderService encoder() {
        return encoder;
    }

    public MailerService mailer() {
        return mailer;
    }
}
