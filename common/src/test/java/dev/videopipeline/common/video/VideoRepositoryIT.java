package dev.videopipeline.common.video;

import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@LocalAwsTest
@MicronautTest
class VideoRepositoryIT {

    @Inject
    VideoRepository repository;

    @BeforeEach
    void cleanTable(LocalAws aws) {
        aws.reset();
    }

    @Test
    void createdVideoCanBeFound() {
        var video = newVideo("ann@example.com", Instant.parse("2026-11-21T10:00:00Z"));

        repository.create(video);

        assertThat(repository.find(video.id())).contains(video);
        assertThat(repository.find("no-such-id")).isEmpty();
    }

    @Test
    void statusesReadsManyVideosInOneBatchAndLeavesOutTheMissing() {
        var uploading = newVideo("ann@example.com", Instant.now());
        var uploaded = newVideo("ann@example.com", Instant.now());
        repository.create(uploading);
        repository.create(uploaded);
        repository.transition(uploaded.id(), VideoStatus.UPLOADING, VideoStatus.UPLOADED, VideoChange.with().sizeBytes(1));

        assertThat(repository.statuses(List.of(uploading.id(), uploaded.id(), "no-such-id"))).isEqualTo(Map.of(
                uploading.id(), VideoStatus.UPLOADING, uploaded.id(), VideoStatus.UPLOADED));
        assertThat(repository.statuses(List.of())).isEmpty();
    }

    @Test
    void countPendingCountsOneStatusFromTheIndex() {
        for (int i = 0; i < 3; i++) {
            repository.create(newVideo("ann@example.com", Instant.now()));
        }
        var uploaded = newVideo("bob@example.com", Instant.now());
        repository.create(uploaded);
        repository.transition(uploaded.id(), VideoStatus.UPLOADING, VideoStatus.UPLOADED, VideoChange.with().sizeBytes(1));

        assertThat(repository.countPending(VideoStatus.UPLOADING)).isEqualTo(3);
        assertThat(repository.countPending(VideoStatus.UPLOADED)).isEqualTo(1);
        assertThat(repository.countPending(VideoStatus.ENCODING)).isZero();
    }

    @Test
    void transitionWritesStatusAndChangeAndBumpsVersion() {
        var video = newVideo("ann@example.com", Instant.now());
        repository.create(video);

        var uploaded = repository.transition(video.id(), VideoStatus.UPLOADING, VideoStatus.UPLOADED,
                VideoChange.with().sizeBytes(4242)).orElseThrow();

        assertThat(uploaded.status()).isEqualTo(VideoStatus.UPLOADED);
        assertThat(uploaded.sizeBytes()).isEqualTo(4242L);
        assertThat(uploaded.version()).isEqualTo(video.version() + 1);
        assertThat(repository.find(video.id())).contains(uploaded);
    }

    @Test
    void staleTransitionLosesTheRaceWithoutOverwriting() {
        var video = newVideo("ann@example.com", Instant.now());
        repository.create(video);
        var winner = repository.transition(video.id(), VideoStatus.UPLOADING, VideoStatus.UPLOADED,
                VideoChange.with().sizeBytes(1)).orElseThrow();

        var loser = repository.transition(video.id(), VideoStatus.UPLOADING, VideoStatus.UPLOADED,
                VideoChange.with().sizeBytes(2));

        assertThat(loser).isEmpty();
        assertThat(repository.find(video.id())).contains(winner);
    }

    @Test
    void encodingIsLeftToTheClaims() {
        var video = newVideo("ann@example.com", Instant.now());
        repository.create(video);
        repository.transition(video.id(), VideoStatus.UPLOADING, VideoStatus.UPLOADED, VideoChange.with());

        assertThatThrownBy(() -> repository.transition(video.id(), VideoStatus.UPLOADED, VideoStatus.ENCODING,
                VideoChange.with())).isInstanceOf(IllegalArgumentException.class);
        assertThat(repository.find(video.id()).orElseThrow().status()).isEqualTo(VideoStatus.UPLOADED);
    }

    @Test
    void illegalTransitionIsRefusedBeforeAnyWrite() {
        var video = newVideo("ann@example.com", Instant.now());
        repository.create(video);

        assertThatThrownBy(() -> repository.transition(video.id(), VideoStatus.UPLOADING, VideoStatus.READY,
                VideoChange.with())).isInstanceOf(IllegalTransitionException.class);
        assertThat(repository.find(video.id())).contains(video);
    }

    @Test
    void transitionOfAMissingVideoReportsNothingToMove() {
        assertThat(repository.transition("missing", VideoStatus.UPLOADING, VideoStatus.UPLOADED, VideoChange.with()))
                .isEmpty();
        assertThat(repository.find("missing")).isEmpty();
    }

    @Test
    void listsAnOwnersVideosNewestFirstPageByPage() {
        var start = Instant.parse("2026-11-21T10:00:00Z");
        List<String> annsNewestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            var video = newVideo("ann@example.com", start.plusSeconds(i));
            repository.create(video);
            annsNewestFirst.add(0, video.id());
        }
        repository.create(newVideo("bob@example.com", start.plusSeconds(10)));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            VideoPage page = repository.listByOwner("ann@example.com", 2, cursor);
            page.videos().forEach(v -> seen.add(v.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactlyElementsOf(annsNewestFirst);
        assertThat(pages).isBetween(3, 4);
    }

    @Test
    void deletedVideoIsGone() {
        var video = newVideo("ann@example.com", Instant.now());
        repository.create(video);

        repository.delete(video.id());

        assertThat(repository.find(video.id())).isEmpty();
    }

    private static Video newVideo(String owner, Instant createdAt) {
        return Video.uploading(UUID.randomUUID().toString(), new Owner(owner, owner), "A title", "clip.mp4", null, createdAt);
    }
}
