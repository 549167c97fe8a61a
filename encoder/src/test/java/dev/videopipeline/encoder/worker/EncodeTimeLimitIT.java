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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An encode that runs past {@code encoder.max-encode-time} fails its video with a reason, once: the
 * heartbeat (every 2 s here) ends it, whatever phase it is in.
 */
@LocalAwsTest
@MicronautTest
@Property(name = "encoder.max-encode-time", value = "1ms")
class EncodeTimeLimitIT {

    @TempDir
    static Path dir;

    @Inject
    VideoRepository videos;

    @Inject
    UploadedVideos uploads;

    @Inject
    PipelineResources resources;

    @Test
    void anEncodePastTheTimeLimitFailsItsVideo(LocalAws aws) {
        aws.reset();
        Video video = uploads.store(RequestBody.fromFile(TestClips.write(dir, TestClips.Kind.MP4, 30, 640, 360, true, 0)));

        uploads.requestEncode(video);

        Video failed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> videos.find(video.id()).orElseThrow(), v -> v.status().isFinal());
        assertThat(failed.status()).isEqualTo(VideoStatus.FAILED);
        assertThat(failed.failureReason()).contains("took longer than");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(aws.s3().listObjectsV2(b -> b.bucket(resources.mediaBucket()).prefix("media/" + video.id()))
                .contents()).as("no media of a failed video").isEmpty();
    }
}
