package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.messaging.MessageCodec;
import dev.videopipeline.common.messaging.VideoFailed;
import dev.videopipeline.common.messaging.VideoReady;
import dev.videopipeline.common.video.EncodingClaims;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import dev.videopipeline.testclips.BroadcastClips;
import dev.videopipeline.testclips.TestClips;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@LocalAwsTest
@MicronautTest
class EncodeWorkerIT {

    @TempDir
    static Path dir;

    @Inject
    VideoRepository videos;

    @Inject
    UploadedVideos uploads;

    @Inject
    MeterRegistry metrics;

    @Inject
    EncodingClaims claims;

    @Inject
    MessageCodec codec;

    @Inject
    PipelineResources resources;

    LocalAws aws;

    @BeforeEach
    void reset(LocalAws aws) {
        this.aws = aws;
        aws.reset();
    }

    @Test
    void uploadedVideoBecomesReadyWithRenditionsHlsAndPosterAndOneReadyNotification() {
        Video video = uploads.store(RequestBody.fromFile(TestClips.write(dir, TestClips.Kind.MOV, 3, 640, 360, true, 0)));

        uploads.requestEncode(video);

        Video ready = awaitOutcome(video.id());
        assertThat(ready.status()).isEqualTo(VideoStatus.READY);
        assertThat(ready.attempts()).isEqualTo(1);
        assertThat(ready.probe().durationSeconds()).isBetween(2.9, 3.1);
        assertThat(ready.renditions()).extracting(r -> r.name() + " " + r.width() + "x" + r.height())
                .containsExactly("360p 640x360");
        assertThat(ready.renditions().get(0).quality()).as("measured against the source")
                .satisfies(q -> assertThat(q.psnr()).isGreaterThan(30), q -> assertThat(q.sampledPictures()).isPositive());
        var keys = aws.s3().listObjectsV2(b -> b.bucket(resources.mediaBucket())).contents().stream()
                .map(o -> o.key()).toList();
        assertThat(keys).contains("media/" + video.id() + "/360p.mp4", "media/" + video.id() + "/hls/master.m3u8",
                "media/" + video.id() + "/hls/360p/index.m3u8", "media/" + video.id() + "/hls/360p/init.mp4",
                "media/" + video.id() + "/poster.jpg");
        assertThat(aws.s3().headObject(b -> b.bucket(resources.mediaBucket())
                .key("media/" + video.id() + "/hls/master.m3u8")).contentType()).isEqualTo("application/vnd.apple.mpegurl");
        assertThat(aws.receiveAll(resources.notifyQueueUrl())).map(codec::decode)
                .containsExactly(new VideoReady(video.id()));
        assertThat(aws.receiveAll(resources.encodeQueueUrl())).isEmpty();
        assertThat(metrics.get("pipeline.encode").tag("result", "READY").timer().count()).isEqualTo(1);
    }

    @Test
    void videoWhosePicturesDoNotDecodeFailsOnItsFirstAttemptWithAReason() {
        Path damaged = BroadcastClips.garbledPictures(TestClips.write(dir, TestClips.Kind.MP4, 3, 320, 180, true, 0));
        Video video = uploads.store(RequestBody.fromFile(damaged));

        uploads.requestEncode(video);

        Video failed = awaitOutcome(video.id());
        assertThat(failed.status()).isEqualTo(VideoStatus.FAILED);
        assertThat(failed.failureReason()).startsWith("The pictures in the file are damaged");
        assertThat(failed.attempts()).as("no retries of a permanent failure").isEqualTo(1);
        assertThat(aws.receiveAll(resources.notifyQueueUrl())).map(codec::decode)
                .containsExactly(new VideoFailed(video.id()));
    }

    @Test
    void sourceReplacedAfterItWasCheckedFailsInsteadOfBeingEncoded() {
        Video video = uploads.store(RequestBody.fromFile(TestClips.write(dir, TestClips.Kind.MP4, 1, 320, 180, true, 0)));
        // As a PUT to a direct upload's URL, still valid after complete, would replace it.
        aws.s3().putObject(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()),
                RequestBody.fromFile(TestClips.write(dir, TestClips.Kind.MP4, 2, 160, 90, true, 0)));

        uploads.requestEncode(video);

        Video failed = awaitOutcome(video.id());
        assertThat(failed.status()).isEqualTo(VideoStatus.FAILED);
        assertThat(failed.failureReason()).contains("replaced after it was checked");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(aws.receiveAll(resources.notifyQueueUrl())).map(codec::decode)
                .containsExactly(new VideoFailed(video.id()));
        assertThat(aws.s3().listObjectsV2(b -> b.bucket(resources.mediaBucket()).prefix("media/" + video.id()))
                .contents()).isEmpty();
    }

    @Test
    void videoRecordedBeforeContainersWereIsRecognisedByTheEncoderItself() {
        Video old = uploads.storeUnchecked(RequestBody.fromFile(TestClips.write(dir, TestClips.Kind.MPEG_TS, 1, 320, 180)));
        Video manifest = uploads.storeUnchecked(RequestBody.fromString("<!--free-->\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\""
                + " profiles=\"urn:mpeg:dash:profile:isoff-on-demand:2011\"><Period><AdaptationSet><Representation"
                + " id=\"1\" bandwidth=\"1\"><BaseURL>/etc/hostname</BaseURL></Representation></AdaptationSet></Period></MPD>"));

        uploads.requestEncode(old);
        uploads.requestEncode(manifest);

        assertThat(awaitOutcome(old.id()).status()).isEqualTo(VideoStatus.READY);
        Video refused = awaitOutcome(manifest.id());
        assertThat(refused.status()).isEqualTo(VideoStatus.FAILED);
        assertThat(refused.failureReason()).isEqualTo("The file is not a video we can read.");
        assertThat(refused.attempts()).isEqualTo(1);
    }

    @Test
    void bytesThatAreNotAVideoFailAtOnceWithAReasonAndOneFailedNotification() {
        Video video = uploads.store(RequestBody.fromString("\u0000\u0000\u0000\u0018ftypmp42 but nothing else"));

        uploads.requestEncode(video);

        Video failed = awaitOutcome(video.id());
        assertThat(failed.status()).isEqualTo(VideoStatus.FAILED);
        assertThat(failed.failureReason()).isEqualTo("The file is not a video we can read.");
        assertThat(failed.attempts()).as("no retries of a permanent failure").isEqualTo(1);
        assertThat(aws.receiveAll(resources.notifyQueueUrl())).map(codec::decode)
                .containsExactly(new VideoFailed(video.id()));
        assertThat(aws.receiveAll(resources.encodeQueueUrl())).isEmpty();
    }

    @Test
    void duplicateRequestForAReadyVideoIsDroppedWithoutWork() {
        Video video = uploads.store(RequestBody.fromString("never read"));
        var ready = new Video(video.id(), video.owner(), null, null, 10L, video.sourceKey(), null, VideoStatus.READY,
                100, null, java.util.List.of(), null, null, null, 1, 0, null, null, Instant.now(), Instant.now(), 5);
        videos.delete(video.id());
        videos.create(ready);

        uploads.requestEncode(video);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> !aws.receiveAll(resources.notifyQueueUrl()).isEmpty());
        assertThat(videos.find(video.id()).orElseThrow().attempts()).isEqualTo(1);
        assertThat(aws.s3().listObjectsV2(b -> b.bucket(resources.mediaBucket())).contents()).isEmpty();
    }

    @Test
    void videoWhoseEncodersKeptDyingFailsOnTheNextRequestWithoutAnotherTry() {
        Video video = uploads.store(RequestBody.fromString("never read"));
        videos.delete(video.id());
        Instant longAgo = Instant.now().minusSeconds(3600);
        videos.create(new Video(video.id(), video.owner(), null, null, 10L, video.sourceKey(), null,
                VideoStatus.ENCODING, 40, null, java.util.List.of(), null, null, null, 5, 0, longAgo, null, longAgo,
                longAgo, 12));

        uploads.requestEncode(video);

        Video failed = awaitOutcome(video.id());
        assertThat(failed.status()).isEqualTo(VideoStatus.FAILED);
        assertThat(failed.failureReason()).isEqualTo("We could not process this video after 5 attempts. "
                + "Please try again later.");
        assertThat(aws.receiveAll(resources.notifyQueueUrl())).map(codec::decode)
                .containsExactly(new VideoFailed(video.id()));
        assertThat(aws.s3().listObjectsV2(b -> b.bucket(resources.mediaBucket())).contents()).isEmpty();
    }

    @Test
    void requestForAVideoHeldByAnotherEncoderIsTakenOverJustAfterThatLeaseEnds() {
        Video video = uploads.store(RequestBody.fromString("\u0000\u0000\u0000\u0018ftypmp42 but nothing else"));
        videos.delete(video.id());
        Instant now = Instant.now();
        // An encoder claimed it and died; its lease has 3 s left, far less than this worker's 30 s.
        videos.create(new Video(video.id(), video.owner(), null, null, 10L, video.sourceKey(), null,
                VideoStatus.ENCODING, 40, null, java.util.List.of(), null, null, null, 1, 0, now.plusSeconds(3), null, now,
                now, 3));

        uploads.requestEncode(video);

        // Left for this worker's own lease, the request would come back after 30 s.
        Video taken = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> videos.find(video.id()).orElseThrow(), v -> v.attempts() == 2);
        assertThat(awaitOutcome(taken.id()).status()).isEqualTo(VideoStatus.FAILED);
    }

    @Test
    void copyOfTheRequestForAVideoAnotherEncoderIsEncodingIsDropped() {
        Video video = uploads.store(RequestBody.fromString("never read"));
        // Another encoder holds it, through the message it received, for a long encode.
        claims.claim(video.id(), "the-holders-message", Duration.ofMinutes(10)).orElseThrow();

        uploads.requestEncode(video);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                aws.sqs().getQueueAttributes(b -> b.queueUrl(resources.encodeQueueUrl()).attributeNamesWithStrings(
                        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributes()
                        .values().stream().allMatch("0"::equals));
        Video held = videos.find(video.id()).orElseThrow();
        assertThat(held.status()).isEqualTo(VideoStatus.ENCODING);
        assertThat(held.attempts()).isEqualTo(1);
        assertThat(aws.receiveAll(resources.notifyQueueUrl())).isEmpty();
    }

    private Video awaitOutcome(String id) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> videos.find(id).orElseThrow(), v -> v.status().isFinal());
    }
}
