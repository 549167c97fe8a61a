package dev.videopipeline.receiver.quota;

import dev.videopipeline.common.dynamo.ConditionalWrite;
import dev.videopipeline.common.owner.OwnerItems;
import dev.videopipeline.receiver.problem.ApiProblem;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The bytes an owner uploaded on the current UTC day: a counter on the owner's item, raised with a
 * conditional update that holds it under the allowance, so racing uploads cannot pass it together.
 * The first upload of a new day starts the counter over. Bytes are reserved before they are
 * stored and given back only for what was not kept, and only on the day they were reserved.
 */
@Singleton
class DailyUploadBytes {

    private final OwnerItems owners;
    private final QuotaSettings settings;
    private final Clock clock;

    DailyUploadBytes(OwnerItems owners, QuotaSettings settings, Clock clock) {
        this.owners = owners;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param at  the instant whose UTC day the bytes count on
     * @return that day
     * @throws ApiProblem 429, until the next day, when they exceed what is left of today's allowance
     */
    LocalDate reserve(String owner, long bytes, Instant at) {
        LocalDate today = LocalDate.ofInstant(at, ZoneOffset.UTC);
        // Twice: a racing upload may start the new day between our two attempts.
        for (int round = 0; round < 2; round++) {
            if (addToday(owner, today, bytes) || startDay(owner, today, bytes)) {
                return today;
            }
        }
        Duration untilTomorrow = Duration.between(clock.instant(),
                today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        throw ApiProblem.limited("Daily upload allowance used up",
                "This file would take your uploads today past your allowance of " + settings.bytesPerDay()
                        + " bytes. It renews at 00:00 UTC.", untilTomorrow);
    }

    /** Gives back bytes reserved but not kept; on another day than {@code day}, there is nothing to give back to. */
    void giveBack(String owner, LocalDate day, long bytes) {
        if (bytes <= 0) {
            return;
        }
        // Refused on another day: the counter has started over since.
        owners.update(owner, ConditionalWrite.when("bytesDay = :day").add("bytesToday :minus")
                .value("minus", AttributeValue.fromN(Long.toString(-bytes)))
                .value("day", AttributeValue.fromS(day.toString())));
    }

    private boolean addToday(String owner, LocalDate today, long bytes) {
        return owners.update(owner, ConditionalWrite.when("bytesDay = :today AND bytesToday <= :room")
                .add("bytesToday :bytes")
                .value("bytes", AttributeValue.fromN(Long.toString(bytes)))
                .value("today", AttributeValue.fromS(today.toString()))
                .value("room", AttributeValue.fromN(Long.toString(settings.bytesPerDay() - bytes))));
    }

    private boolean startDay(String owner, LocalDate today, long bytes) {
        return owners.update(owner, ConditionalWrite.when("attribute_not_exists(bytesDay) OR bytesDay <> :today")
                .set("bytesDay = :today, bytesToday = :bytes")
                .value("bytes", AttributeValue.fromN(Long.toString(bytes)))
                .value("today", AttributeValue.fromS(today.toString())));
    }
}
