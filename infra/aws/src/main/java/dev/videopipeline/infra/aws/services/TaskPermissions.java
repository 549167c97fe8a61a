package dev.videopipeline.infra.aws.services;

import dev.videopipeline.infra.aws.data.Data;
import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudfront.IDistribution;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * Each service's task role, statement by statement: the SDK calls the service's code makes (and
 * the shared repository in {@code common} makes for it), on the resources it makes them on, and
 * nothing else. Written out instead of {@code grant*}, which adds actions nobody calls (and
 * wildcards); a new SDK call in a service means a new action here, and the test that lists each
 * role's actions says so.
 */
final class TaskPermissions {

    private TaskPermissions() {
    }

    /**
     * Receiver: streams and presigns uploads, checks and removes sources, removes a deleted video's
     * media, owns the item until UPLOADED (create, transition, sweeper's touch and delete, listing
     * by owner, the sweeper's pending index, the quotas' batch read of statuses), keeps each
     * owner's quota item, sends encode requests, checks them for readiness (HeadBucket,
     * DescribeTable, GetQueueAttributes), and invalidates a deleted video's media on the distribution.
     */
    static List<PolicyStatement> receiver(Data data, IDistribution distribution) {
        IBucket uploads = data.buckets().uploads();
        IBucket media = data.buckets().media();
        return List.of(
                allow(List.of("s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload",
                        "s3:ListMultipartUploadParts"), uploads.arnForObjects("uploads/*")),
                allow(List.of("s3:ListBucket", "s3:ListBucketMultipartUploads"), uploads.getBucketArn()),
                allow(List.of("s3:DeleteObject"), media.arnForObjects("media/*")),
                allow(List.of("s3:ListBucket"), media.getBucketArn()),
                allow(List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                        "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:DescribeTable"),
                        data.videos().table().getTableArn()),
                allow(List.of("dynamodb:Query"), data.videos().table().getTableArn() + "/index/*"),
                allow(List.of("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DescribeTable"),
                        data.owners().table().getTableArn()),
                allow(List.of("sqs:SendMessage", "sqs:GetQueueAttributes"), data.encodeRequests().queue().getQueueArn()),
                allow(List.of("cloudfront:CreateInvalidation"), distribution.getDistributionArn()));
    }

    /**
     * Encoder: reads a source, writes and removes a chunked encode's parts beside it, writes its media (and removes them for a video deleted or failed
     * during its encode), claims/heartbeats/finishes the item, reads and writes the owner's item in
     * the owners table (running encodes, source seconds per day, the latter in one transaction
     * with the item), works the encode queue (receive, keep invisible, hand back, delete, and send a
     * request back to wait its owner's turn), sends the outcome notification, and protects its own
     * task from scale-in while it works (the ECS agent calls UpdateTaskProtection as the task role).
     */
    static List<PolicyStatement> encoder(Data data, ICluster cluster) {
        var stack = Stack.of(data);
        String clusterTasks = stack.formatArn(ArnComponents.builder().service("ecs").resource("task")
                .resourceName(cluster.getClusterName() + "/*").build());
        return List.of(
                allow(List.of("s3:GetObject"), data.buckets().uploads().arnForObjects("uploads/*")),
                // A chunked encode's parts, beside the source until they are joined; tagged for the
                // lifecycle rule that expires leftovers.
                allow(List.of("s3:PutObject", "s3:PutObjectTagging", "s3:DeleteObject"), data.buckets().uploads().arnForObjects("uploads/*/chunks/*")),
                allow(List.of("s3:ListBucket"), data.buckets().uploads().getBucketArn()),
                allow(List.of("s3:PutObject", "s3:DeleteObject"), data.buckets().media().arnForObjects("media/*")),
                allow(List.of("s3:ListBucket"), data.buckets().media().getBucketArn()),
                allow(List.of("dynamodb:GetItem", "dynamodb:UpdateItem"), data.videos().table().getTableArn()),
                // As the receiver's quotas: a consistent read, and every write one conditional update.
                allow(List.of("dynamodb:GetItem", "dynamodb:UpdateItem"), data.owners().table().getTableArn()),
                allow(List.of("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:DeleteMessage",
                        "sqs:SendMessage"), data.encodeRequests().queue().getQueueArn()),
                allow(List.of("sqs:SendMessage"), data.notifications().queue().getQueueArn()),
                allow(List.of("ecs:UpdateTaskProtection"), clusterTasks));
    }

    /**
     * Mailer: reads the video, claims and records its notification, works the notification queue,
     * and sends through SES from the stage's identity in its configuration set (SES v2 SendEmail
     * authorizes against both).
     */
    static List<PolicyStatement> mailer(Data data) {
        var stack = Stack.of(data);
        String configurationSetArn = stack.formatArn(ArnComponents.builder()
                .service("ses").resource("configuration-set")
                .resourceName(data.mail().configurationSet().getConfigurationSetName()).build());
        return List.of(
                allow(List.of("dynamodb:GetItem", "dynamodb:UpdateItem"), data.videos().table().getTableArn()),
                allow(List.of("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:DeleteMessage"),
                        data.notifications().queue().getQueueArn()),
                PolicyStatement.Builder.create()
                        .actions(List.of("ses:SendEmail"))
                        .resources(List.of(data.mail().identity().getEmailIdentityArn(), configurationSetArn))
                        .build());
    }

    private static PolicyStatement allow(List<String> actions, String resource) {
        return PolicyStatement.Builder.create().actions(actions).resources(List.of(resource)).build();
    }
}
