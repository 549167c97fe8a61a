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
import dev.videopipeline.testclips.FlawedClips;
import dev.videopipeline.testclips.TestClips;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Videos over the chunking threshold, through the worker: chunked, joined, published as any other. */
@LocalAwsTest
@MicronautTest
@Property(name = "encoder.chunking.enabled", value = "true")
@Property(name = "encoder.chunking.threshold", value = "10s")
@Property(name = "encoder.chunking.chunk-length", value = "6s")
class ChunkedEncodeIT {

    @TempDir
    static Path dir;

    @Inject
    VideoRepository videos;

    @Inject
    UploadedVideos uploads;

    @Inject
    MessageCodec codec;

    @Inject
    PipelineResources resources;

    @Inject
    MeterRegistry metrics;

    LocalAws aws;

    @BeforeEach
    void reset(LocalAws aws) {
        this.aws = aws;
        aws.reset();
    }

    @Test
    void aVideoOverTheThresholdIsEncodedInChunksAndPublishedWhole() throws Exception {
        Video video = uploads.store(RequestBody.fromFile(TestClips.write(dir, TestClips.Kind.MP4, 14, 640, 360, true, 0)));

        uploads.requestEncode(video);

        Video ready = awaitOutcome(video.id());
        assertThat(ready.status()).isEqualTo(VideoStatus.READY);
        assertThat(ready.progress()).isEqualTo(100);
        assertThat(metrics.get("pipeline.encode.chunk").timers()).as("14 s in 6 s chunks, each once")
                .map(timer -> timer.count()).containsExactly(2L);
        Path rendition = dir.resolve(video.id() + "-360p.mp4");
        aws.s3().getObject(b -> b.bucket(resources.mediaBucket()).key("media/" + video.id() + "/360p.mp4"), rendition);
        try (var grabber = new FFmpegFrameGrabber(rendition.toFile())) {
            grabber.start();
            int pictures = 0;
            while (grabber.grabImage() != null) {
                pictures++;
            }
            assertThat(pictures).as("every one of the source's 14 s at 25 fps, once").isEqualTo(350);
            assertThat(grabber.hasAudio()).isTrue();
        }
        var keys = aws.s3().listObjectsV2(b -> b.bucket(resources.mediaBucket()).prefix("media/" + video.id()))
                .contents().stream().map(o -> o.key()).toList();
        assertThat(keys).contains("media/" + video.id() + "/hls/master.m3u8", "media/" + video.id() + "/poster.jpg")
                .noneMatch(key -> key.contains("chunk") || key.contains("sound-"));
        assertThat(aws.receiveAll(resources.notifyQueueUrl())).map(codec::decode).containsExactly(new VideoReady(video.id()));
    }

    @Test
    void aLongVideoCutShortFailsWithTheReasonAsAWholeEncodeWould() {
        Path cut = FlawedClips.truncated(TestClips.moovFirst(dir, 14, 320, 180), 0.5);
        Video video = uploads.store(RequestBody.fromFile(cut));

        uploads.requestEncode(video);

        Video failed = awaitOutcome(video.id());
        assertThat(failed.status()).isEqualTo(VideoStatus.FAILED);
        assertThat(failed.failureReason()).startsWith("The file is cut short");
        assertThat(aws.receiveAll(resources.notifyQueueUrl())).map(codec::decode).containsExactly(new VideoFailed(video.id()));
    }

    private Video awaitOutcome(String id) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> videos.find(id).orElseThrow(), v -> v.status().isFinal());
    }
}
