package dev.videopipeline.mailer.worker;

import dev.videopipeline.common.storage.ObjectKeys;
import dev.videopipeline.common.video.Owner;
import dev.videopipeline.common.video.Probe;
import dev.videopipeline.common.video.Rendition;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Videos with an outcome, as the encoder leaves them, each with an owner of its own. */
final class Videos {

    private Videos() {
    }

    static Video ready(String title) {
        String id = UUID.randomUUID().toString();
        return new Video(id, owner(), title, "clip.mov", 1000L, ObjectKeys.source(id), null, VideoStatus.READY, 100,
                Probe.of(75.2, 1280, 720, "h264", "aac", 0, 30),
                List.of(new Rendition("720p", 1280, 720, 2800, ObjectKeys.rendition(id, "720p")),
                        new Rendition("480p", 854, 480, 1400, ObjectKeys.rendition(id, "480p"))),
                ObjectKeys.hlsMaster(id), ObjectKeys.poster(id), null, 1, 0, null, null, Instant.now(), Instant.now(), 5);
    }

    static Video failed(String reason) {
        String id = UUID.randomUUID().toString();
        return new Video(id, owner(), "Holiday", "clip.mov", 1000L, ObjectKeys.source(id), null, VideoStatus.FAILED, 0,
                null, List.of(), null, null, reason, 1, 0, null, null, Instant.now(), Instant.now(), 4);
    }

    private static Owner owner() {
        String id = "owner-" + UUID.randomUUID();
        return new Owner(id, id + "@example.com");
    }
}
