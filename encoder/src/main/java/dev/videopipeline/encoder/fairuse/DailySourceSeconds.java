package dev.videopipeline.encoder.fairuse;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.dynamo.ConditionalWrite;
import dev.videopipeline.common.owner.OwnerItems;
import dev.videopipeline.encoder.transcode.UnreadableSourceException;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The seconds of source an owner had encoded on the current UTC day: {@code secondsDay} and
 * {@code secondsToday} on the owner's item. A video is charged once a day however often its encode
 * is tried: the owner's total and the video's {@code chargedDay} are written in one transaction,
 * the total only while it stays under the allowance, the video only if not charged today. (On the
 * owner's item a list of the day's videos would grow past DynamoDB's 400 KB for a busy owner.)
 * The receiver refuses uploads once the allowance is used up.
 */
@Singleton
public class DailySourceSeconds {

    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private final DynamoDbClient dynamoDb;
    private final OwnerItems owners;
    private final String videosTable;
    private final FairUseSettings settings;
    private final Clock clock;

    DailySourceSeconds(DynamoDbClient dynamoDb, OwnerItems owners, PipelineResources resources,
                       FairUseSettings settings, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.owners = owners;
        this.videosTable = resources.videosTable();
        this.settings = settings;
        this.clock = clock;
    }

    /** @throws UnreadableSourceException (the video fails with the reason) when it would pass today's allowance */
    public void charge(String owner, String videoId, double durationSeconds) {
        long seconds = (long) Math.ceil(durationSeconds);
        String today = LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString();
        if (seconds <= settings.sourceSecondsPerDay()) {
            // Twice: a racing encode may start the new day between our two attempts.
            for (int round = 0; round < 2; round++) {
                var sameDay = charge(owner, videoId, today,
                        ConditionalWrite.when("secondsDay = :today AND secondsToday <= :room")
                                .add("secondsToday :seconds").value("seconds", n(seconds))
                                .value("room", n(settings.sourceSecondsPerDay() - seconds)));
                if (sameDay != Refused.OWNER) {
                    return;
                }
                var newDay = charge(owner, videoId, today,
                        ConditionalWrite.when("attribute_not_exists(secondsDay) OR secondsDay <> :today")
                                .set("secondsDay = :today, secondsToday = :seconds").value("seconds", n(seconds)));
                if (newDay != Refused.OWNER) {
                    return;
                }
            }
        }
        throw new UnreadableSourceException("This video's " + seconds + " seconds would take the video you had encoded "
                + "today past your daily allowance of " + settings.sourceSecondsPerDay() / 60 + " minutes. "
                + "Retry it after 00:00 UTC.", null);
    }

    /** Which write's condition refused the transaction: none (charged now), the owner's, or the video's (charged before). */
    private enum Refused { NONE, OWNER, VIDEO }

    /** @param ownerWrite the owner's total, over {@code :today} */
    private Refused charge(String owner, String videoId, String today, ConditionalWrite ownerWrite) {
        var ownerItem = owners.inTransaction(owner, ownerWrite.value("today", AttributeValue.fromS(today)));
        var videoItem = ConditionalWrite
                .when("attribute_exists(id) AND (attribute_not_exists(chargedDay) OR chargedDay <> :today)")
                .set("chargedDay = :today").value("today", AttributeValue.fromS(today))
                .inTransaction(videosTable, Map.of("id", AttributeValue.fromS(videoId)));
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(ownerItem, videoItem));
            return Refused.NONE;
        } catch (TransactionCanceledException refused) {
            var reasons = refused.cancellationReasons();
            if (reasons.size() == 2 && CONDITION_FAILED.equals(reasons.get(1).code())) {
                return Refused.VIDEO;
            }
            if (reasons.size() == 2 && CONDITION_FAILED.equals(reasons.get(0).code())) {
                return Refused.OWNER;
            }
            throw refused;
        }
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
