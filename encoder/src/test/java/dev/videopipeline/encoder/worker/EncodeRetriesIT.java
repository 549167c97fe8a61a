package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.messaging.MessageCodec;
import dev.videopipeline.common.messaging.VideoFailed;
import dev.videopipeline.common.messaging.VideoReady;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import dev.videopipeline.testclips.TestClips;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Storage that fails while a job runs: the media bucket is taken away (a real S3 error from the
 * emulator), so every attempt fails at publishing. A short lease brings the request back quickly.
 */
@LocalAwsTest
@MicronautTest
@Property(name = "encoder.lease", value = "2s")
@Property(name = "encoder.heartbeat", value = "500ms")
class EncodeRetriesIT {

    @TempDir
    static Path dir;

    @Inject
    UploadedVideos uploads;

    @Inject
    VideoRepository videos;

    @Inject
    MessageCodec codec;

    @Inject
    PipelineResources resources;

    @Inject
    MeterRegistry registry;

    LocalAws aws;

    @BeforeEach
    void takeStorageAway(LocalAws aws) {
        this.aws = aws;
        aws.reset();
        aws.s3().deleteBucket(b -> b.bucket(resources.mediaBucket()));
    }

    @AfterEach
    void bringStorageBack() {
        if (!aws.s3().listBuckets().buckets().stream().anyMatch(b -> b.name().equals(resources.mediaBucket()))) {
            aws.s3().createBucket(b -> b.bucket(resources.mediaBucket()));
        }
    }

    @Test
    void jobFailedByStorageIsRetriedAndCompletesWhenStorageIsBack() {
        Video video = uploads.store(RequestBody.fromFile(TestClips.write(dir, TestClips.Kind.MP4, 1, 320, 180, true, 0)));
        uploads.requestEncode(video);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> videos.find(video.id()).orElseThrow(),
                        v -> v.attempts() == 1 && Instant.EPOCH.equals(v.leaseUntil()));
        bringStorageBack();

        Video ready = awaitOutcome(video.id());
        assertThat(ready.status()).isEqualTo(VideoStatus.READY);
        assertThat(ready.attempts()).as("the failed attempt, then the one that worked").isEqualTo(2);
        assertThat(aws.receiveAll(resources.notifyQueueUrl())).map(codec::decode)
                .containsExactly(new VideoReady(video.id()));
    }

    @Test
    void requestThatFailsOnEveryAttemptFailsTheVideoAndEndsInTheDeadLetterQueue() {
        Video video = uploads.store(RequestBody.fromFile(TestClips.write(dir, TestClips.Kind.MP4, 1, 160, 90, true, 0)));
        uploads.requestEncode(video);

        Video failed = awaitOutcome(video.id());
        assertThat(failed.status()).isEqualTo(VideoStatus.FAILED);
        assertThat(failed.failureReason()).isEqualTo("We could not process this video after 5 attempts. "
                + "Please try again later.");
        assertThat(failed.attempts()).isEqualTo(5);
        assertThat(aws.receiveAll(resources.notifyQueueUrl())).map(codec::decode)
                .containsExactly(new VideoFailed(video.id()));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> aws.receiveAll(aws.property("pipeline.encode-dlq-url")), dead -> dead.size() == 1);
        assertThat(registry.counter("pipeline.encode.dead-lettered").count()).isEqualTo(1);
    }

    private Video awaitOutcome(String id) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> videos.find(id).orElseThrow(), v -> v.status().isFinal());
    }
}
