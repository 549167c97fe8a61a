package dev.videopipeline.receiver.recovery;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.video.Owner;
import dev.videopipeline.common.messaging.MessageCodec;
import dev.videopipeline.common.messaging.VideoUploaded;
import dev.videopipeline.common.storage.ObjectKeys;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import dev.videopipeline.receiver.PipelineState;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@LocalAwsTest
@MicronautTest
class StalledVideosIT {

    private static final Instant LONG_AGO = Instant.now().minus(Duration.ofHours(6));

    @Inject
    StalledVideos stalled;

    @Inject
    VideoRepository videos;

    @Inject
    PipelineResources resources;

    @Inject
    MessageCodec codec;

    LocalAws aws;

    @BeforeEach
    void reset(LocalAws aws) {
        this.aws = aws;
        aws.reset();
    }

    @Test
    void lostEncodeRequestIsSentAgainOnceAPeriod() {
        Video lost = stored(VideoStatus.UPLOADED, LONG_AGO);
        stored(VideoStatus.UPLOADED, Instant.now());

        assertThat(stalled.resendLostEncodeRequests()).isEqualTo(1);
        assertThat(stalled.resendLostEncodeRequests()).as("not again before the period passes").isZero();

        assertThat(aws.receiveAll(resources.encodeQueueUrl())).map(codec::decode)
                .containsExactly(new VideoUploaded(lost.id()));
        assertThat(videos.find(lost.id()).orElseThrow().status()).isEqualTo(VideoStatus.UPLOADED);
    }

    @Test
    void videosWaitingBehindABacklogAreNotSentAgainButALostRequestIs() {
        Video lost = stored(VideoStatus.UPLOADED, LONG_AGO);
        Video waiting = stored(VideoStatus.UPLOADED, LONG_AGO.plusSeconds(60));
        send(lost);
        send(waiting);

        assertThat(stalled.resendLostEncodeRequests()).as("each has its request in the queue").isZero();

        aws.receiveAll(resources.encodeQueueUrl());
        send(waiting);
        assertThat(stalled.resendLostEncodeRequests()).isEqualTo(1);
        assertThat(aws.receiveAll(resources.encodeQueueUrl())).map(codec::decode).containsExactlyInAnyOrder(
                request(waiting), request(lost));
    }

    @Test
    void abandonedUploadIsRemovedWithItsPartsAndObjects() {
        Video abandoned = stored(VideoStatus.UPLOADING, LONG_AGO);
        String bucket = resources.uploadsBucket();
        aws.s3().createMultipartUpload(b -> b.bucket(bucket).key(abandoned.sourceKey()));
        aws.s3().putObject(b -> b.bucket(bucket).key(abandoned.sourceKey()), RequestBody.fromString("half"));

        assertThat(stalled.removeAbandonedUploads()).isEqualTo(1);

        PipelineState.assertNothingStored(aws, resources);
    }

    @Test
    void uploadStillInProgressIsKept() {
        Video active = stored(VideoStatus.UPLOADING, Instant.now());

        assertThat(stalled.removeAbandonedUploads()).isZero();

        assertThat(videos.find(active.id())).isPresent();
    }

    @Test
    void encodeWhoseEncoderWentSilentIsRequestedAgain() {
        Video silent = stored(VideoStatus.ENCODING, LONG_AGO);
        stored(VideoStatus.ENCODING, Instant.now());

        assertThat(stalled.resendLostEncodeRequests()).isEqualTo(1);

        assertThat(aws.receiveAll(resources.encodeQueueUrl())).map(codec::decode)
                .containsExactly(new VideoUploaded(silent.id()));
    }

    @Test
    void videosWithAnOutcomeAreLeftAlone() {
        stored(VideoStatus.READY, LONG_AGO);
        stored(VideoStatus.FAILED, LONG_AGO);

        assertThat(stalled.resendLostEncodeRequests()).isZero();
        assertThat(stalled.removeAbandonedUploads()).isZero();
        assertThat(aws.receiveAll(resources.encodeQueueUrl())).isEmpty();
    }

    private void send(Video video) {
        aws.sqs().sendMessage(b -> b.queueUrl(resources.encodeQueueUrl()).messageBody(codec.encode(request(video))));
    }

    private VideoUploaded request(Video video) {
        return new VideoUploaded(video.id());
    }

    private Video stored(VideoStatus status, Instant updatedAt) {
        String id = UUID.randomUUID().toString();
        var video = new Video(id, new Owner("ann", "ann@example.com"), null, "clip.mp4", 10L, ObjectKeys.source(id), null, status, 0, null,
                List.of(), null, null, null, 0, 0, null, null, updatedAt, updatedAt, 1);
        videos.create(video);
        return video;
    }
}
