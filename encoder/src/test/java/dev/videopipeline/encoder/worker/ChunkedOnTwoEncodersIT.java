package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.messaging.MessageCodec;
import dev.videopipeline.common.messaging.PollLoopLiveness;
import dev.videopipeline.common.messaging.VideoReady;
import dev.videopipeline.common.storage.ObjectKeys;
import dev.videopipeline.common.video.ChunkClaims;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.encoder.scalein.ScaleInProtection;
import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import dev.videopipeline.testclips.TestClips;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A long video on two encoders, each its own poll loop over the shared handling: the one that
 * claims the video encodes chunks from the end, the other takes the chunk requests from the start.
 */
@LocalAwsTest
@MicronautTest
@Property(name = "encoder.worker.enabled", value = "false")
@Property(name = "encoder.chunking.enabled", value = "true")
@Property(name = "encoder.chunking.threshold", value = "10s")
@Property(name = "encoder.chunking.chunk-length", value = "6s")
class ChunkedOnTwoEncodersIT {

    @TempDir
    static Path dir;

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
    ChunkClaims chunks;
    @Inject
    MessageCodec codec;
    @Inject
    MeterRegistry metrics;

    private final List<EncodeWorker> encoders = new ArrayList<>();
    private LocalAws aws;

    @BeforeEach
    void start(LocalAws aws) {
        this.aws = aws;
        aws.reset();
        metrics.clear();
        for (int i = 0; i < 2; i++) {
            var encoder = new EncodeWorker(sqs, requests, leases, chunkLeases, resources, settings, protection, liveness);
            encoder.start(null);
            encoders.add(encoder);
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (var encoder : encoders) {
            encoder.stop();
        }
    }

    @Test
    void bothEncodersEncodeChunksOfOneVideoAndItIsJoinedWholeOnce() throws Exception {
        Video video = uploads.store(RequestBody.fromFile(TestClips.write(dir, TestClips.Kind.MP4, 30, 640, 360, true, 0)));

        uploads.requestEncode(video);

        Video ready = awaitOutcome(video.id());
        assertThat(ready.status()).as(ready.failureReason()).isEqualTo(VideoStatus.READY);
        assertThat(chunkCount("video")).as("chunks the video's encoder did").isPositive();
        assertThat(chunkCount("request")).as("chunks the other encoder did").isPositive();
        assertThat(chunkCount("video") + chunkCount("request")).as("30 s in 6 s chunks, each once").isEqualTo(5);
        Path rendition = dir.resolve(video.id() + "-360p.mp4");
        aws.s3().getObject(b -> b.bucket(resources.mediaBucket()).key(ObjectKeys.rendition(video.id(), "360p")), rendition);
        try (var grabber = new FFmpegFrameGrabber(rendition.toFile())) {
            grabber.start();
            int pictures = 0;
            while (grabber.grabImage() != null) {
                pictures++;
            }
            assertThat(pictures).as("every one of the source's 30 s at 25 fps, once").isEqualTo(750);
        }
        assertThat(aws.receiveAll(resources.notifyQueueUrl())).map(codec::decode).containsExactly(new VideoReady(video.id()));
        assertThat(chunks.read(video.id()).orElseThrow().chunks()).as("the chunks' state goes with the outcome").isEmpty();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(objects(ObjectKeys.chunksPrefix(video.id()))).isEmpty());
    }

    @Test
    void aVideoDeletedWhileItsChunksAreEncodedLeavesNothingBehind() {
        Video video = uploads.store(RequestBody.fromFile(TestClips.write(dir, TestClips.Kind.MP4, 30, 640, 360, true, 0)));
        uploads.requestEncode(video);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> chunks.read(video.id()).orElseThrow().chunks().stream().anyMatch(c -> c.isDone()));

        // What the receiver's removal does: the item, then the source and everything beside it.
        videos.delete(video.id());
        aws.s3().listObjectsV2(b -> b.bucket(resources.uploadsBucket()).prefix(ObjectKeys.uploadPrefix(video.id())))
                .contents().forEach(o -> aws.s3().deleteObject(b -> b.bucket(resources.uploadsBucket()).key(o.key())));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(objects(ObjectKeys.uploadPrefix(video.id()))).as("no chunk part left").isEmpty();
            assertThat(aws.s3().listObjectsV2(b -> b.bucket(resources.mediaBucket())
                    .prefix(ObjectKeys.mediaPrefix(video.id()))).contents()).as("no media").isEmpty();
            assertThat(sqs.getQueueAttributes(b -> b.queueUrl(resources.encodeQueueUrl())
                    .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                    .attributesAsStrings().values()).as("no request left").containsOnly("0");
        });
        assertThat(aws.receiveAll(resources.notifyQueueUrl())).as("nobody mailed of a deleted video").isEmpty();
    }

    private long chunkCount(String via) {
        var timer = metrics.find("pipeline.encode.chunk").tag("via", via).timer();
        return timer == null ? 0 : timer.count();
    }

    private List<String> objects(String prefix) {
        return aws.s3().listObjectsV2(b -> b.bucket(resources.uploadsBucket()).prefix(prefix)).contents().stream()
                .map(o -> o.key()).toList();
    }

    private Video awaitOutcome(String id) {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> videos.find(id).orElseThrow(), v -> v.status().isFinal());
    }
}
