package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.aws.PipelineResources;
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

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What ECS does in a rolling update: SIGTERM while a job runs, with too little grace to finish it. */
@LocalAwsTest
@MicronautTest
@Property(name = "encoder.stop-grace", value = "1s")
class EncodeWorkerStopIT {

    @TempDir
    Path dir;

    @Inject
    EncodeWorker worker;

    @Inject
    VideoRepository videos;

    @Inject
    UploadedVideos uploads;

    @Inject
    PipelineResources resources;

    @Test
    void jobThatCannotFinishInTheGraceIsHandedBackAtOnce(LocalAws aws) throws Exception {
        aws.reset();
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 40, 1280, 720, true, 0);
        Video video = uploads.store(RequestBody.fromFile(clip));
        uploads.requestEncode(video);
        String id = video.id();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> videos.find(id).orElseThrow().status() == VideoStatus.ENCODING);

        worker.stop();

        Video handedBack = videos.find(id).orElseThrow();
        assertThat(handedBack.status()).isEqualTo(VideoStatus.ENCODING);
        assertThat(handedBack.leaseUntil()).as("released: claimable at once").isEqualTo(Instant.EPOCH);
        assertThat(aws.receiveAll(resources.encodeQueueUrl())).as("the request is visible again at once").hasSize(1);
    }
}
