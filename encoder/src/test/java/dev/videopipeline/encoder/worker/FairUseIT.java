package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.messaging.MessageCodec;
import dev.videopipeline.common.messaging.VideoFailed;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.encoder.fairuse.RunningEncodes;
import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import dev.videopipeline.testclips.TestClips;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fair use of the fleet against the emulated owners table: an owner at their limit of encodes at
 * once waits without using an attempt, a crashed encoder's entry stops counting when its lease
 * runs out, and a day's allowance of source seconds fails a video that would pass it.
 */
@LocalAwsTest
@MicronautTest
class FairUseIT {

    @TempDir
    static Path dir;

    @Inject
    VideoRepository videos;

    @Inject
    UploadedVideos uploads;

    @Inject
    MeterRegistry metrics;

    @Inject
    MessageCodec codec;

    @Inject
    PipelineResources resources;

    @Inject
    RunningEncodes running;

    LocalAws aws;
    String owners;

    @BeforeEach
    void reset(LocalAws aws) {
        this.aws = aws;
        this.owners = aws.property("pipeline.owners-table");
        aws.reset();
    }

    @Test
    void anOwnerWithTwoEncodesRunningWaitsTheirTurnWithoutUsingAnAttempt() {
        long later = Instant.now().plus(Duration.ofMinutes(10)).toEpochMilli();
        setEncoding(Map.of("running-1", later, "running-2", later));
        double waitedBefore = waited();
        Video video = uploads.store(RequestBody.fromFile(TestClips.write(dir, TestClips.Kind.MP4, 1, 320, 180, true, 0)));

        uploads.requestEncode(video);

        await().atMost(Duration.ofSeconds(30)).until(() -> waited() >= waitedBefore + 2);
        assertThat(videos.find(video.id()).orElseThrow()).satisfies(waiting -> {
            assertThat(waiting.status()).isEqualTo(VideoStatus.UPLOADED);
            assertThat(waiting.attempts()).isZero();
        });
        aws.dynamoDb().updateItem(b -> b.tableName(owners).key(key()).updateExpression("REMOVE encoding.#one")
                .expressionAttributeNames(Map.of("#one", "running-1")));

        Video ready = awaitOutcome(video.id());
        assertThat(ready.status()).isEqualTo(VideoStatus.READY);
        assertThat(ready.attempts()).as("the waits cost no attempt").isEqualTo(1);
        // The turn is released just after the outcome is written, so the check polls.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(encoding()).as("released at the outcome").containsOnlyKeys("running-2"));
    }

    @Test
    void onlyTheDeliveryHoldingAVideosEntryRemovesIt() {
        Instant later = Instant.now().plus(Duration.ofMinutes(10));

        assertThat(running.take("cy", "v1", "first", later)).isEqualTo(RunningEncodes.Turn.TAKEN);
        assertThat(running.take("cy", "v1", "second", later)).isEqualTo(RunningEncodes.Turn.HELD_ELSEWHERE);
        running.release("cy", "v1", "second");
        assertThat(encoding("cy")).containsOnlyKeys("v1");
        running.release("cy", "v1", "first");
        assertThat(encoding("cy")).isEmpty();

        // A holder that died: its entry passes to the next delivery, and its late release takes nothing.
        assertThat(running.take("cy", "v2", "dead", Instant.now().minusSeconds(1))).isEqualTo(RunningEncodes.Turn.TAKEN);
        assertThat(running.take("cy", "v2", "next", later)).isEqualTo(RunningEncodes.Turn.TAKEN);
        running.release("cy", "v2", "dead");
        assertThat(encoding("cy").get("v2").m().get("holder").s()).isEqualTo("next");
    }

    @Test
    void anEncodeWhoseLeaseRanOutNoLongerCounts() {
        long past = Instant.now().minus(Duration.ofMinutes(1)).toEpochMilli();
        setEncoding(Map.of("crashed-1", past, "crashed-2", past));
        double waitedBefore = waited();
        Video video = uploads.store(RequestBody.fromFile(TestClips.write(dir, TestClips.Kind.MP4, 1, 320, 180, true, 0)));

        uploads.requestEncode(video);

        assertThat(awaitOutcome(video.id()).status()).isEqualTo(VideoStatus.READY);
        assertThat(waited()).isEqualTo(waitedBefore);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(encoding()).isEmpty());
    }

    @Test
    void aVideoThatWouldPassTheDailyAllowanceFailsWithAReasonAndOneMail() {
        aws.dynamoDb().putItem(b -> b.tableName(owners).item(Map.of("owner", AttributeValue.fromS("ann"),
                "secondsDay", AttributeValue.fromS(LocalDate.now(ZoneOffset.UTC).toString()),
                "secondsToday", AttributeValue.fromN(Long.toString(4 * 3600 - 2)))));
        Video video = uploads.store(RequestBody.fromFile(TestClips.write(dir, TestClips.Kind.MP4, 3, 320, 180, true, 0)));

        uploads.requestEncode(video);

        Video failed = awaitOutcome(video.id());
        assertThat(failed.status()).isEqualTo(VideoStatus.FAILED);
        assertThat(failed.failureReason()).contains("daily allowance of 240 minutes", "after 00:00 UTC");
        assertThat(aws.receiveAll(resources.notifyQueueUrl())).map(codec::decode)
                .containsExactly(new VideoFailed(video.id()));
        assertThat(ownerItem().get("secondsToday").n()).isEqualTo(Long.toString(4 * 3600 - 2));
    }

    @Test
    void aVideoIsChargedItsSecondsOnce() {
        Video video = uploads.store(RequestBody.fromFile(TestClips.write(dir, TestClips.Kind.MP4, 3, 320, 180, true, 0)));

        uploads.requestEncode(video);
        uploads.requestEncode(video);

        assertThat(awaitOutcome(video.id()).status()).isEqualTo(VideoStatus.READY);
        assertThat(ownerItem().get("secondsToday").n()).isEqualTo("3");
        assertThat(aws.dynamoDb().getItem(b -> b.tableName(resources.videosTable())
                .key(Map.of("id", AttributeValue.fromS(video.id())))).item().get("chargedDay").s())
                .isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
    }

    private void setEncoding(Map<String, Long> entries) {
        Map<String, AttributeValue> map = new HashMap<>();
        entries.forEach((id, until) -> map.put(id, AttributeValue.fromM(Map.of("holder", AttributeValue.fromS("another"),
                "until", AttributeValue.fromN(Long.toString(until))))));
        aws.dynamoDb().putItem(b -> b.tableName(owners).item(Map.of("owner", AttributeValue.fromS("ann"),
                "encoding", AttributeValue.fromM(map))));
    }

    private Map<String, AttributeValue> encoding() {
        return encoding("ann");
    }

    private Map<String, AttributeValue> encoding(String owner) {
        var item = ownerItem(owner);
        return item.containsKey("encoding") ? item.get("encoding").m() : Map.of();
    }

    private Map<String, AttributeValue> ownerItem() {
        return ownerItem("ann");
    }

    private Map<String, AttributeValue> ownerItem(String owner) {
        return aws.dynamoDb().getItem(b -> b.tableName(owners).key(Map.of("owner", AttributeValue.fromS(owner)))
                .consistentRead(true)).item();
    }

    private static Map<String, AttributeValue> key() {
        return Map.of("owner", AttributeValue.fromS("ann"));
    }

    private double waited() {
        var counter = metrics.find("pipeline.encode.waited-turn").counter();
        return counter == null ? 0 : counter.count();
    }

    private Video awaitOutcome(String id) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> videos.find(id).orElseThrow(), v -> v.status().isFinal());
    }
}
