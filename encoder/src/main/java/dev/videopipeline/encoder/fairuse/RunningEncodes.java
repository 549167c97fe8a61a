package dev.videopipeline.encoder.fairuse;

import dev.videopipeline.common.owner.OwnerItems;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The encodes each owner has running, across the fleet: a map {@code encoding} on the owner's item,
 * video id to the end of its lease (epoch ms), added to with one conditional update
 * ({@code size(encoding) < :max}), so racing encoders cannot pass the limit together. The holder
 * renews its entry with its heartbeat and removes it at the outcome; an entry whose lease ran out
 * (its encoder died) no longer counts and is dropped by the next owner's video that needs room.
 */
@Singleton
public class RunningEncodes {

    private final OwnerItems owners;
    private final FairUseSettings settings;
    private final Clock clock;

    RunningEncodes(OwnerItems owners, FairUseSettings settings, Clock clock) {
        this.owners = owners;
        this.settings = settings;
        this.clock = clock;
    }

    /** @return whether the owner had room for this encode (or holds it already), which is now theirs until {@code until} */
    public boolean take(String owner, String videoId, Instant until) {
        for (int round = 0; round < 3; round++) {
            if (tryAdd(owner, videoId, until)) {
                return true;
            }
            var item = owners.read(owner);
            if (!item.containsKey("encoding")) {
                if (owners.update(owner, "SET encoding = :entries", "attribute_not_exists(encoding)", Map.of(),
                        Map.of(":entries", AttributeValue.fromM(Map.of(videoId, millis(until)))))) {
                    return true;
                }
            } else if (!forgetExpired(owner, item.get("encoding").m())) {
                return false;
            }
        }
        return false;
    }

    /** The heartbeat: the entry lives on, if it is still there. */
    public void renew(String owner, String videoId, Instant until) {
        owners.update(owner, "SET encoding.#id = :until", "attribute_exists(encoding.#id)", Map.of("#id", videoId),
                Map.of(":until", millis(until)));
    }

    public void release(String owner, String videoId) {
        owners.update(owner, "REMOVE encoding.#id", "attribute_exists(encoding)", Map.of("#id", videoId), Map.of());
    }

    private boolean tryAdd(String owner, String videoId, Instant until) {
        return owners.update(owner, "SET encoding.#id = :until",
                "attribute_exists(encoding) AND (size(encoding) < :max OR attribute_exists(encoding.#id))",
                Map.of("#id", videoId), Map.of(":until", millis(until),
                        ":max", AttributeValue.fromN(Integer.toString(settings.encodesAtOnce()))));
    }

    /**
     * Drops the entries whose lease has run out, each only if it is still as read (a renewal
     * meanwhile keeps it).
     *
     * @return whether there were any
     */
    private boolean forgetExpired(String owner, Map<String, AttributeValue> entries) {
        long now = clock.millis();
        List<String> expired = entries.entrySet().stream()
                .filter(entry -> Long.parseLong(entry.getValue().n()) < now).map(Map.Entry::getKey).toList();
        if (expired.isEmpty()) {
            return false;
        }
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> removals = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < expired.size(); i++) {
            names.put("#id" + i, expired.get(i));
            values.put(":until" + i, entries.get(expired.get(i)));
            removals.add("encoding.#id" + i);
            conditions.add("encoding.#id" + i + " = :until" + i);
        }
        owners.update(owner, "REMOVE " + String.join(", ", removals), String.join(" AND ", conditions), names, values);
        return true;
    }

    private static AttributeValue millis(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.toEpochMilli()));
    }
}
