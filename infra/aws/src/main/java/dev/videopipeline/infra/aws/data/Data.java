package dev.videopipeline.infra.aws.data;

import dev.videopipeline.infra.aws.config.StageConfig;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.constructs.Construct;

/** Where the pipeline keeps things: buckets, the videos and owners tables, the two queues and the mail identity. */
public class Data extends Construct {

    private final PipelineBuckets buckets;
    private final VideosTable videos;
    private final OwnersTable owners;
    private final WorkQueue encodeRequests;
    private final WorkQueue notifications;
    private final MailSending mail;

    public Data(Construct scope, String id, StageConfig config, IHostedZone zone) {
        super(scope, id);
        // The ids are what the logical ids are made of: they stay when a class is renamed.
        this.buckets = new PipelineBuckets(this, "Buckets", config);
        this.videos = new VideosTable(this, "Videos", config);
        this.owners = new OwnersTable(this, "Owners", config);
        // Each worker receives with its lease as the visibility and renews it while it works; the
        // queue's own timeout is the same lease, so a message comes back one lease after its
        // holder died, whoever received it.
        this.encodeRequests = new WorkQueue(this, "EncodeRequests", config, StageConfig.Encoder.LEASE);
        this.notifications = new WorkQueue(this, "Notifications", config, StageConfig.Mailer.LEASE);
        this.mail = new MailSending(this, "Mail", config, zone);
    }

    public PipelineBuckets buckets() {
        return buckets;
    }

    public VideosTable videos() {
        return videos;
    }

    public OwnersTable owners() {
        return owners;
    }

    public WorkQueue encodeRequests() {
        return encodeRequests;
    }

    public WorkQueue notifications() {
        return notifications;
    }

    public MailSending mail() {
        return mail;
    }
}
