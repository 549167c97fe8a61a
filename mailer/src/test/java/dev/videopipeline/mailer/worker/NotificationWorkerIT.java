package dev.videopipeline.mailer.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.messaging.MessagePublisher;
import dev.videopipeline.common.messaging.VideoFailed;
import dev.videopipeline.common.messaging.VideoReady;
import dev.videopipeline.common.video.Notification;
import dev.videopipeline.common.video.NotificationClaims;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The worker against real SQS, DynamoDB and SES emulators; mail is read back from the SES emulator's store. */
@LocalAwsTest
@MicronautTest
class NotificationWorkerIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Inject
    VideoRepository videos;

    @Inject
    NotificationClaims claims;

    @Inject
    MessagePublisher publisher;

    @Inject
    PipelineResources resources;

    @Inject
    MeterRegistry metrics;

    @Inject
    JsonMapper json;

    LocalAws aws;

    @BeforeEach
    void reset(LocalAws aws) {
        this.aws = aws;
        aws.reset();
    }

    @Test
    void readyVideoGetsExactlyOneMailWithTheWatchLinkAndTitle() {
        Video video = Videos.ready("Holiday in Crete");
        videos.create(video);
        double sentBefore = metrics.counter("pipeline.mails.sent", "outcome", "ready").count();

        publisher.send(resources.notifyQueueUrl(), new VideoReady(video.id()));

        Notification sent = awaitSettled(video);
        List<SentMail> mails = SentMail.to(video.owner().email(), aws, json);
        assertThat(mails).hasSize(1);
        SentMail mail = mails.get(0);
        String watch = "https://videos.example.com/?video=" + video.id();
        assertThat(mail.from()).isEqualTo(aws.property("pipeline.mail-from"));
        assertThat(mail.subject()).contains("Holiday in Crete");
        assertThat(mail.html()).contains("Holiday in Crete", watch, "1:15",
                "https://media.example.com/media/" + video.id() + "/poster.jpg", "720p", "480p");
        assertThat(mail.text()).contains("Holiday in Crete", watch);
        assertThat(sent.status()).isEqualTo(Notification.Status.SENT);
        assertThat(sent.outcome()).isEqualTo(VideoStatus.READY);
        assertThat(sent.messageId()).isEqualTo(mail.messageId());
        assertThat(metrics.counter("pipeline.mails.sent", "outcome", "ready").count()).isEqualTo(sentBefore + 1);
        assertThat(metrics.timer("pipeline.mail.send", "outcome", "ready", "result", "sent").count()).isPositive();
    }

    @Test
    void failedVideoGetsExactlyOneFailureMailWithTheReason() {
        Video video = Videos.failed("The file is not a video we can read.");
        videos.create(video);

        publisher.send(resources.notifyQueueUrl(), new VideoFailed(video.id()));

        assertThat(awaitSettled(video).status()).isEqualTo(Notification.Status.SENT);
        List<SentMail> mails = SentMail.to(video.owner().email(), aws, json);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).html()).contains("The file is not a video we can read.", "upload it again");
        assertThat(mails.get(0).text()).contains("The file is not a video we can read.", "try another file");
    }

    @Test
    void sameNotificationDeliveredThreeTimesSendsOneMail() {
        Video video = Videos.ready("Holiday");
        videos.create(video);

        for (int i = 0; i < 3; i++) {
            publisher.send(resources.notifyQueueUrl(), new VideoReady(video.id()));
        }

        awaitSettled(video);
        // Every copy handled (a copy that met the live claim comes back when its lease ends): nothing more can mail.
        awaitQueueEmpty();
        assertThat(SentMail.to(video.owner().email(), aws, json)).hasSize(1);
    }

    @Test
    void mailerThatCrashedBetweenClaimAndSendIsReplacedOnceItsLeaseRunsOut() {
        Video video = Videos.ready("Holiday");
        videos.create(video);
        // The crashed mailer: it claimed, then never sent nor recorded anything.
        Video crashed = claims.claim(video.id(), VideoStatus.READY, Duration.ofSeconds(3)).orElseThrow();

        publisher.send(resources.notifyQueueUrl(), new VideoReady(video.id()));

        Notification sent = awaitSettled(video);
        assertThat(SentMail.to(video.owner().email(), aws, json)).hasSize(1);
        assertThat(sent.status()).isEqualTo(Notification.Status.SENT);
        assertThat(sent.sentAt()).isAfterOrEqualTo(crashed.notification().leaseUntil());
        awaitQueueEmpty();
    }

    @Test
    void titleWithHtmlSpecialCharactersArrivesEscaped() {
        Video video = Videos.ready("<script>alert(1)</script> & <b>bold</b>");
        videos.create(video);

        publisher.send(resources.notifyQueueUrl(), new VideoReady(video.id()));

        awaitSettled(video);
        SentMail mail = SentMail.to(video.owner().email(), aws, json).get(0);
        assertThat(mail.html()).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;")
                .doesNotContain("<script>", "<b>bold");
        assertThat(mail.text()).contains("<script>alert(1)</script> & <b>bold</b>");
    }

    @Test
    void notificationOfAnOutcomeTheVideoNoLongerHasIsDroppedWithoutMail() {
        Video video = Videos.ready("Holiday");
        videos.create(video);

        publisher.send(resources.notifyQueueUrl(), new VideoFailed(video.id()));

        awaitQueueEmpty();
        assertThat(videos.find(video.id()).orElseThrow().notification()).isNull();
        assertThat(SentMail.to(video.owner().email(), aws, json)).isEmpty();
    }

    private Notification awaitSettled(Video video) {
        return await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> videos.find(video.id()).orElseThrow().notification(), n -> n != null && n.isSettled());
    }

    /** No message waiting nor in flight: the worker has deleted every copy. */
    private void awaitQueueEmpty() {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> aws.sqs()
                .getQueueAttributes(b -> b.queueUrl(resources.notifyQueueUrl()).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes().values().stream().allMatch("0"::equals));
    }
}
