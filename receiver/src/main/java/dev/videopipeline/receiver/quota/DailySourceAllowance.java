package dev.videopipeline.receiver.quota;

import dev.videopipeline.common.owner.OwnerItems;
import dev.videopipeline.receiver.problem.ApiProblem;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The seconds of source the owner had encoded today, as the encoder counts them on the owner's
 * item ({@code secondsDay}, {@code secondsToday}): once they reach the daily allowance, uploads
 * are refused until the next UTC day. The encoder holds the exact line (it knows each video's
 * length); here an upload is refused only when nothing of the allowance is left.
 */
@Singleton
class DailySourceAllowance {

    private final OwnerItems owners;
    private final QuotaSettings settings;
    private final Clock clock;

    DailySourceAllowance(OwnerItems owners, QuotaSettings settings, Clock clock) {
        this.owners = owners;
        this.settings = settings;
        this.clock = clock;
    }

    /** @throws ApiProblem 429, until the next day, when today's allowance is used up */
    void requireSomeLeft(String owner) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        var item = owners.read(owner);
        boolean usedUp = item.containsKey("secondsDay") && today.toString().equals(item.get("secondsDay").s())
                && Long.parseLong(item.get("secondsToday").n()) >= settings.sourceSecondsPerDay();
        if (usedUp) {
            throw ApiProblem.limited("Daily encoding allowance used up",
                    "You have had " + settings.sourceSecondsPerDay() / 60 + " minutes of video encoded today, "
                            + "your daily allowance. It renews at 00:00 UTC.",
                    Duration.between(now, today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
    }
}
