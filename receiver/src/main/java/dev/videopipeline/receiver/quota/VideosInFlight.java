package dev.videopipeline.receiver.quota;

import dev.videopipeline.common.dynamo.ConditionalWrite;
import dev.videopipeline.common.owner.OwnerItems;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.receiver.problem.ApiProblem;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An owner's unfinished videos: a map on the owner's item from video id to when it was admitted,
 * added to with one conditional update ({@code size(inFlight) < :max}), so racing uploads cannot
 * pass the limit together. A refused upload and a deleted video remove their entry; a video that
 * finishes does not (the encoder knows nothing of quotas), and no crash can leak a slot either:
 * when the map is full, the entries whose video is READY, FAILED or gone are dropped, and the add
 * is tried again. A video is admitted before its item is written, so an entry without an
 * item counts as gone only once it is older than {@link #ITEM_GRACE}.
 */
@Singleton
class VideosInFlight {

    static final Duration ITEM_GRACE = Duration.ofMinutes(5);

    private final OwnerItems owners;
    private final VideoRepository videos;
    private final QuotaSettings settings;
    private final Clock clock;

    VideosInFlight(OwnerItems owners, VideoRepository videos, QuotaSettings settings, Clock clock) {
        this.owners = owners;
        this.videos = videos;
        this.settings = settings;
        this.clock = clock;
    }

    /** @throws ApiProblem 429 when the owner has as many unfinished videos as allowed */
    void add(String owner, String videoId) {
        for (int round = 0; round < 3; round++) {
            if (tryAdd(owner, videoId)) {
                return;
            }
            Map<String, Instant> entries = read(owner);
            if (entries == null) {
                if (tryStart(owner, videoId)) {
                    return;
                }
            } else if (!forgetFinished(owner, entries)) {
                break;
            }
        }
        throw ApiProblem.limited("Too many videos in progress",
                "You have " + settings.videosInFlight() + " videos uploading or encoding, the most allowed at once. "
                        + "Try again when one of them is ready.", settings.inFlightRetryAfter());
    }

    void remove(String owner, String videoId) {
        owners.update(owner, ConditionalWrite.when("attribute_exists(inFlight)").remove("inFlight.#id")
                .name("#id", videoId));
    }

    /** Adding an id already there succeeds whatever the count: a retried request is not a new video. */
    private boolean tryAdd(String owner, String videoId) {
        return owners.update(owner, ConditionalWrite
                .when("attribute_exists(inFlight) AND (size(inFlight) < :max OR attribute_exists(inFlight.#id))")
                .set("inFlight.#id = :at")
                .name("#id", videoId)
                .value("at", admittedNow())
                .value("max", AttributeValue.fromN(Integer.toString(settings.videosInFlight()))));
    }

    /** The owner's first video: the map does not exist yet. */
    private boolean tryStart(String owner, String videoId) {
        return owners.update(owner, ConditionalWrite.when("attribute_not_exists(inFlight)")
                .set("inFlight = :entries")
                .value("entries", AttributeValue.fromM(Map.of(videoId, admittedNow()))));
    }

    /**
     * Drops the entries of finished videos, each only if it is still as read: a retry that
     * re-admitted its video meanwhile has stamped its entry again, and keeps it.
     *
     * @return whether there were any to drop
     */
    private boolean forgetFinished(String owner, Map<String, Instant> entries) {
        Map<String, VideoStatus> statuses = videos.statuses(entries.keySet());
        Instant unwrittenSince = clock.instant().minus(ITEM_GRACE);
        List<String> finished = entries.entrySet().stream()
                .filter(entry -> statuses.containsKey(entry.getKey())
                        ? statuses.get(entry.getKey()).isFinal()
                        : entry.getValue().isBefore(unwrittenSince))
                .map(Map.Entry::getKey)
                .toList();
        if (finished.isEmpty()) {
            return false;
        }
        Map<String, AttributeValue> asRead = new HashMap<>();
        finished.forEach(id -> asRead.put(id, AttributeValue.fromN(Long.toString(entries.get(id).toEpochMilli()))));
        // Refused when one of them changed meanwhile: the map changed either way, worth another look.
        owners.removeIfUnchanged(owner, "inFlight", asRead);
        return true;
    }

    /** @return the entries, or null when the owner has no map yet */
    private Map<String, Instant> read(String owner) {
        var item = owners.read(owner);
        if (!item.containsKey("inFlight")) {
            return null;
        }
        return item.get("inFlight").m().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> Instant.ofEpochMilli(Long.parseLong(entry.getValue().n()))));
    }

    private AttributeValue admittedNow() {
        return AttributeValue.fromN(Long.toString(clock.millis()));
    }
}
