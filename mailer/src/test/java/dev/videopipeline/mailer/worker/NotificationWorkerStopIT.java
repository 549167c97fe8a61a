package dev.videopipeline.mailer.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.messaging.MessagePublisher;
import dev.videopipeline.common.messaging.VideoReady;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What ECS does in a rolling update: SIGTERM, after which this mailer takes no more notifications. */
@LocalAwsTest
@MicronautTest
class NotificationWorkerStopIT {

    @Inject
    NotificationWorker worker;

    @Inject
    VideoRepository videos;

    @Inject
    MessagePublisher publisher;

    @Inject
    PipelineResources resources;

    @Inject
    JsonMapper json;

    @Test
    void stoppedWorkerFinishesWhatItHasAndLeavesTheRestVisibleForAnotherMailer(LocalAws aws) throws Exception {
        aws.reset();
        Video before = Videos.ready("Before");
        videos.create(before);
        publisher.send(resources.notifyQueueUrl(), new VideoReady(before.id()));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> SentMail.to(before.owner().email(), aws, json).size() == 1);

        worker.stop();

        Video after = Videos.ready("After");
        videos.create(after);
        publisher.send(resources.notifyQueueUrl(), new VideoReady(after.id()));
        assertThat(aws.receiveAll(resources.notifyQueueUrl())).as("visible at once, for another mailer").hasSize(1);
        assertThat(SentMail.to(after.owner().email(), aws, json)).isEmpty();
        assertThat(videos.find(after.id()).orElseThrow().notification()).isNull();
    }
}
