package dev.videopipeline.mailer.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.messaging.MessagePublisher;
import dev.videopipeline.common.messaging.VideoFailed;
import dev.videopipeline.common.messaging.VideoReady;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Messages no mailer can act on reach the dead-letter queue after maxReceiveCount (5) receives, and the
 * worker serves the valid ones meanwhile. A 1 s visibility makes the five receives take seconds.
 */
@LocalAwsTest
@MicronautTest
@Property(name = "mailer.visibility-timeout", value = "1s")
class PoisonNotificationIT {

    @Inject
    VideoRepository videos;

    @Inject
    MessagePublisher publisher;

    @Inject
    PipelineResources resources;

    @Inject
    JsonMapper json;

    @Test
    void garbageAndUnknownVideosEndInTheDeadLetterQueueWhileValidNotificationsAreMailed(LocalAws aws) {
        aws.reset();
        String garbage = "{\"type\":\"VideoReady\",\"videoId\":";
        String unknownType = "{\"type\":\"VideoDeleted\",\"version\":1,\"videoId\":\"" + UUID.randomUUID() + "\"}";
        String unknownVideo = UUID.randomUUID().toString();
        aws.sqs().sendMessage(b -> b.queueUrl(resources.notifyQueueUrl()).messageBody(garbage));
        aws.sqs().sendMessage(b -> b.queueUrl(resources.notifyQueueUrl()).messageBody(unknownType));
        publisher.send(resources.notifyQueueUrl(), new VideoReady(unknownVideo));
        Video valid = Videos.ready("Holiday");
        videos.create(valid);

        publisher.send(resources.notifyQueueUrl(), new VideoReady(valid.id()));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> SentMail.to(valid.owner().email(), aws, json).size() == 1);
        List<String> deadLetters = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            deadLetters.addAll(aws.receiveAll(aws.property("pipeline.notify-dlq-url")));
            return deadLetters.size() >= 3;
        });
        assertThat(deadLetters).hasSize(3).contains(garbage, unknownType).anyMatch(body -> body.contains(unknownVideo));

        Video later = Videos.failed("The file is not a video we can read.");
        videos.create(later);
        publisher.send(resources.notifyQueueUrl(), new VideoFailed(later.id()));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> SentMail.to(later.owner().email(), aws, json).size() == 1);
    }
}
