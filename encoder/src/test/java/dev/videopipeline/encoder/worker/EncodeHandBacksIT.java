package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.messaging.MessageCodec;
import dev.videopipeline.common.messaging.PollLoopLiveness;
import dev.videopipeline.common.messaging.VideoReady;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.encoder.scalein.ScaleInProtection;
import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import dev.videopipeline.testclips.TestClips;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A long encode that meets more rolling updates, scale-ins and Spot interruptions than it has
 * attempts: each encoder is stopped (SIGTERM, too little grace) while it holds the job, six in a
 * row, and the seventh finishes it. Nothing was wrong with the video, so it must end READY.
 */
@LocalAwsTest
@MicronautTest
@Property(name = "encoder.worker.enabled", value = "false")
@Property(name = "encoder.stop-grace", value = "1s")
class EncodeHandBacksIT {

    private static final int HAND_BACKS = 6;

    @TempDir
    Path dir;

    @Inject
    SqsClient sqs;

    @Inject
    EncodeRequests requests;

    @Inject
    EncodeLeases leases;

    @Inject
    ChunkLeases chunkLeases;

    @Inject
    PipelineResources resources;

    @Inject
    EncoderSettings settings;

    @Inject
    ScaleInProtection protection;

    @Inject
    PollLoopLiveness liveness;

    @Inject
    UploadedVideos uploads;

    @Inject
    VideoRepository videos;

    @Inject
    MessageCodec codec;

    @Value("${pipeline.encode-dlq-url}")
    String encodeDeadLetters;

    @Test
    void videoHandedBackSixTimesEndsReadyWithOneMail(LocalAws aws) throws Exception {
        aws.reset();
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 40, 1280, 720, true, 0);
        Video video = uploads.store(RequestBody.fromFile(clip));
        uploads.requestEncode(video);
        String id = video.id();
        assertThat(settings.maxAttempts()).as("more hand-backs than attempts").isLessThan(HAND_BACKS);

        for (int claim = 1; claim <= HAND_BACKS; claim++) {
            var encoder = startEncoder();
            int expected = claim;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> videos.find(id).orElseThrow(), v -> v.status() == VideoStatus.ENCODING
                            && v.attempts() == expected && v.leaseUntil().isAfter(Instant.now()));
            encoder.stop();
        }
        assertThat(videos.find(id).orElseThrow().handBacks()).isEqualTo(HAND_BACKS);

        var last = startEncoder();
        Video done = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> videos.find(id).orElseThrow(), v -> v.status().isFinal());
        last.stop();

        assertThat(done.status()).as(done.failureReason()).isEqualTo(VideoStatus.READY);
        assertThat(done.attempts()).isEqualTo(HAND_BACKS + 1);
        assertThat(done.failedAttempts()).isEqualTo(1);
        assertThat(aws.receiveAll(resources.notifyQueueUrl())).map(codec::decode)
                .containsExactly(new VideoReady(id));
        assertThat(aws.receiveAll(resources.encodeQueueUrl())).as("no request left over").isEmpty();
        assertThat(aws.receiveAll(encodeDeadLetters)).as("none dead-lettered").isEmpty();
    }

    /** One encoder task: its own poll loop over the shared request handling, as in a fresh JVM. */
    private EncodeWorker startEncoder() {
        var encoder = new EncodeWorker(sqs, requests, leases, chunkLeases, resources, settings, protection, liveness);
        encoder.start(null);
        return encoder;
    }
}
