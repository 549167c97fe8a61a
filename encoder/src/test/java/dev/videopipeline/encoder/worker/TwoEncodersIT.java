package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.messaging.ReceivedMessage;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import dev.videopipeline.testclips.TestClips;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** The same request delivered twice, handled by two encoders at the same moment. */
@LocalAwsTest
@MicronautTest
@Property(name = "encoder.worker.enabled", value = "false")
class TwoEncodersIT {

    @TempDir
    Path dir;

    @Inject
    EncodeRequests encoders;

    @Inject
    UploadedVideos uploads;

    @Inject
    VideoRepository videos;

    @Inject
    PipelineResources resources;

    @Inject
    SqsClient sqs;

    @Test
    void twoDeliveriesHandledAtOnceMakeOneTranscode(LocalAws aws) {
        aws.reset();
        Video video = uploads.store(RequestBody.fromFile(TestClips.write(dir, TestClips.Kind.MP4, 2, 320, 180, true, 0)));
        uploads.requestEncode(video);
        uploads.requestEncode(video);
        List<Message> deliveries = receive(aws, 2);
        var start = new CountDownLatch(1);

        var first = CompletableFuture.runAsync(() -> handleAfter(start, deliveries.get(0)));
        var second = CompletableFuture.runAsync(() -> handleAfter(start, deliveries.get(1)));
        start.countDown();
        CompletableFuture.allOf(first, second).join();

        Video done = videos.find(video.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(VideoStatus.READY);
        assertThat(done.attempts()).as("one claim, so one transcode").isEqualTo(1);
    }

    private void handleAfter(CountDownLatch start, Message delivery) {
        try {
            start.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        encoders.handle(new ReceivedMessage(sqs, resources.encodeQueueUrl(), delivery));
    }

    private List<Message> receive(LocalAws aws, int count) {
        List<Message> messages = new ArrayList<>();
        while (messages.size() < count) {
            messages.addAll(aws.sqs().receiveMessage(b -> b.queueUrl(resources.encodeQueueUrl())
                    .maxNumberOfMessages(count - messages.size()).waitTimeSeconds(5).visibilityTimeout(60)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages());
        }
        return messages;
    }
}
