package dev.videopipeline.encoder.fairuse;

import dev.videopipeline.common.dynamo.ConditionalWrite;
import dev.videopipeline.common.owner.OwnerItems;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The encodes each owner has running, across the fleet: a map {@code encoding} on the owner's item,
 * video id to {@code {holder, until}}, added to with one conditional update
 * ({@code size(encoding) < :max}), so racing encoders cannot pass the limit together. The holder
 * is one delivery's own token, never shared: an encoder that stops or loses its claim can only
 * remove its own entry, not the one of the encoder that took the video over. The holder renews
 * its entry with its heartbeat and removes it when the encode is over; an entry whose lease ran
 * out (its encoder died) no longer counts and is dropped, or taken over, by the next one that needs it.
 */
@Singleton
public class RunningEncodes {

    private static final Logger LOG = LoggerFactory.getLogger(RunningEncodes.class);

    /** What {@link #take} found. */
    public enum Turn {
        /** This delivery holds one of the owner's encodes: it must {@link #release} it. */
        TAKEN,
        /** A live entry of another delivery holds this video: the claim decides what happens. */
        HELD_ELSEWHERE,
        /** The owner has as many encodes running as allowed. */
        WAIT
    }

    private final OwnerItems owners;
    private final FairUseSettings settings;
    private final Clock clock;

    RunningEncodes(OwnerItems owners, FairUseSettings settings, Clock clock) {
        this.owners = owners;
        this.settings = settings;
        this.clock = clock;
    }

    public Turn take(String owner, String videoId, String holder, Instant until) {
        for (int round = 0; round < 3; round++) {
            if (owners.update(owner, ConditionalWrite.when("attribute_exists(encoding) AND "
                            + "((size(encoding) < :max AND attribute_not_exists(encoding.#id)) OR encoding.#id.holder = :me)")
                    .set("encoding.#id = :entry").name("#id", videoId)
                    .value("entry", entry(holder, until)).value("me", AttributeValue.fromS(holder))
                    .value("max", AttributeValue.fromN(Integer.toString(settings.encodesAtOnce()))))) {
                return Turn.TAKEN;
            }
            var item = owners.read(owner);
            if (!item.containsKey("encoding")) {
                if (owners.update(owner, ConditionalWrite.when("attribute_not_exists(encoding)")
                        .set("encoding = :entries")
                        .value("entries", AttributeValue.fromM(Map.of(videoId, entry(holder, until)))))) {
                    return Turn.TAKEN;
                }
                continue;
            }
            Map<String, AttributeValue> entries = item.get("encoding").m();
            AttributeValue current = entries.get(videoId);
            if (current != null) {
                if (!expired(current)) {
                    return Turn.HELD_ELSEWHERE;
                }
                // Its holder died: the video's entry passes to this delivery, if nobody renewed it meanwhile.
                if (owners.update(owner, ConditionalWrite.when("encoding.#id = :old").set("encoding.#id = :entry")
                        .name("#id", videoId).value("entry", entry(holder, until)).value("old", current))) {
                    return Turn.TAKEN;
                }
            } else if (!forgetExpired(owner, entries)) {
                return Turn.WAIT;
            }
        }
        return Turn.WAIT;
    }

    /**
     * The heartbeat: the entry lives on while it is this holder's. Never made again once gone: a
     * heartbeat still running as its job ends must not bring back what the job just released.
     */
    public void renew(String owner, String videoId, String holder, Instant until) {
        owners.update(owner, ConditionalWrite.when("encoding.#id.holder = :me").set("encoding.#id = :entry")
                .name("#id", videoId).value("entry", entry(holder, until)).value("me", AttributeValue.fromS(holder)));
    }

    /**
     * Removes the entry if it is still this holder's: the encode is over here, whatever its outcome,
     * and the owner's next request may run. It never throws: an entry not removed (DynamoDB failing)
     * runs out with its lease instead, and until then the owner has one encode fewer.
     */
    public void release(String owner, String videoId, String holder) {
        try {
            owners.update(owner, ConditionalWrite.when("encoding.#id.holder = :me").remove("encoding.#id")
                    .name("#id", videoId).value("me", AttributeValue.fromS(holder)));
        } catch (RuntimeException e) {
            LOG.atWarn().setMessage("running encode not released").addKeyValue("videoId", videoId)
                    .addKeyValue("error", e.getMessage()).log();
        }
    }

    /**
     * Drops the entries whose lease has run out, each only if it is still as read (a renewal
     * meanwhile keeps it).
     *
     * @return whether there were any
     */
    private boolean forgetExpired(String owner, Map<String, AttributeValue> entries) {
        Map<String, AttributeValue> expired = new HashMap<>();
        entries.forEach((id, entry) -> {
            if (expired(entry)) {
                expired.put(id, entry);
            }
        });
        if (expired.isEmpty()) {
            return false;
        }
        // Refused when one was renewed or taken over meanwhile: the map changed either way, worth another look.
        owners.removeIfUnchanged(owner, "encoding", expired);
        return true;
    }

    private boolean expired(AttributeValue entry) {
        AttributeValue until = entry.hasM() ? entry.m().get("until") : null;
        // An entry of another shape is no live encode of ours.
        return until == null || Long.parseLong(until.n()) < clock.millis();
    }

    private static AttributeValue entry(String holder, Instant until) {
        return AttributeValue.fromM(Map.of("holder", AttributeValue.fromS(holder),
                "until", AttributeValue.fromN(Long.toString(until.toEpochMilli()))));
    }
}
