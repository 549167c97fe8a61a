package dev.videopipeline.encoder.fairuse;

import dev.videopipeline.common.owner.OwnerItems;
import dev.videopipeline.encoder.transcode.UnreadableSourceException;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The seconds of source an owner had encoded on the current UTC day: {@code secondsDay},
 * {@code secondsToday} and {@code secondsVideos} (the ids charged that day) on the owner's item.
 * A video is charged once a day however often its encode is tried, with one conditional update
 * that holds the total under the allowance; the receiver refuses uploads once it is used up.
 */
@Singleton
public class DailySourceSeconds {

    private final OwnerItems owners;
    private final FairUseSettings settings;
    private final Clock clock;

    DailySourceSeconds(OwnerItems owners, FairUseSettings settings, Clock clock) {
        this.owners = owners;
        this.settings = settings;
        this.clock = clock;
    }

    /** @throws UnreadableSourceException (the video fails with the reason) when it would pass today's allowance */
    public void charge(String owner, String videoId, double durationSeconds) {
        long seconds = (long) Math.ceil(durationSeconds);
        String today = LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString();
        Map<String, AttributeValue> values = Map.of(
                ":seconds", AttributeValue.fromN(Long.toString(seconds)),
                ":ids", AttributeValue.fromSs(List.of(videoId)),
                ":id", AttributeValue.fromS(videoId),
                ":today", AttributeValue.fromS(today),
                ":room", AttributeValue.fromN(Long.toString(settings.sourceSecondsPerDay() - seconds)));
        // Twice: a racing encode may start the new day between our two attempts.
        for (int round = 0; round < 2; round++) {
            if (seconds <= settings.sourceSecondsPerDay()
                    && (owners.update(owner, "ADD secondsToday :seconds, secondsVideos :ids",
                    "secondsDay = :today AND secondsToday <= :room AND NOT contains(secondsVideos, :id)", Map.of(), values)
                    || owners.update(owner, "SET secondsDay = :today, secondsToday = :seconds, secondsVideos = :ids",
                    "attribute_not_exists(secondsDay) OR secondsDay <> :today", Map.of(), without(values, ":id", ":room")))) {
                return;
            }
            if (chargedToday(owner, videoId, today)) {
                return;
            }
        }
        throw new UnreadableSourceException("This video's " + seconds + " seconds would take the video you had encoded "
                + "today past your daily allowance of " + settings.sourceSecondsPerDay() / 60 + " minutes. "
                + "Retry it after 00:00 UTC.", null);
    }

    private boolean chargedToday(String owner, String videoId, String today) {
        var item = owners.read(owner);
        return item.containsKey("secondsDay") && today.equals(item.get("secondsDay").s())
                && item.containsKey("secondsVideos") && item.get("secondsVideos").ss().contains(videoId);
    }

    private static Map<String, AttributeValue> without(Map<String, AttributeValue> values, String... names) {
        var copy = new HashMap<>(values);
        for (String name : names) {
            copy.remove(name);
        }
        return copy;
    }
}
