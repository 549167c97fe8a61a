package dev.videopipeline.common.video;

import dev.videopipeline.common.aws.PipelineResources;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Who encodes each chunk of a chunked encode, and until when: a map on the video item
 * ({@code chunks.{index}}) beside the plan it was made for ({@code chunkPlan}), each chunk claimed,
 * renewed, finished and released by conditional updates of its own nested attributes, as a video is
 * by {@link EncodingClaims}. A chunk's {@code attempts} names its claim; every write requires the
 * item to still hold the plan, the video to be ENCODING and no chunk to have failed for good, so a
 * late worker of an old plan, a deleted or finished video, or a failed one refuses every chunk write.
 */
@Singleton
public class ChunkClaims {

    /** The item's attributes for chunked encodes, removed with the outcome ({@link VideoChange#forgetChunks}). */
    static final List<String> ATTRIBUTES = List.of("chunks", "chunkPlan", "chunkFailure");
    private static final AttributeValue RELEASED = VideoItems.s(Timestamps.format(Instant.EPOCH));

    private final DynamoDbClient dynamoDb;
    private final EncodingClaims claims;
    private final String table;
    private final Clock clock;

    public ChunkClaims(DynamoDbClient dynamoDb, EncodingClaims claims, PipelineResources resources, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.claims = claims;
        this.table = resources.videosTable();
        this.clock = clock;
    }

    /**
     * Stores {@code plan} with {@code count} unclaimed chunks, through the video's claim, unless the
     * item holds this very plan already (an encode taken over keeps the chunks done before).
     *
     * @return the chunks, or empty when the video's claim is lost
     */
    public Optional<ChunkBoard> plan(Video claimed, String plan, int count) {
        Map<String, AttributeValue> fresh = new HashMap<>();
        for (int i = 0; i < count; i++) {
            fresh.put(Integer.toString(i), AttributeValue.fromM(Map.of("attempts", VideoItems.n(0),
                    "leaseUntil", RELEASED, "frames", VideoItems.n(0))));
        }
        var update = ConditionalUpdate.at(clock.instant())
                .set("chunkPlan", VideoItems.s(plan))
                .set("chunks", AttributeValue.fromM(fresh))
                .remove("chunkFailure")
                .when("attribute_not_exists(#chunkPlan) OR #chunkPlan <> :chunkPlan");
        claims.held(claimed, update, "");
        return read(claimed.id()).filter(board -> plan.equals(board.plan()) && board.status() == VideoStatus.ENCODING);
    }

    /** The chunks as they are now (a consistent read), or empty for a video that is gone. */
    public Optional<ChunkBoard> read(String videoId) {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(Map.of("id", VideoItems.s(videoId)))
                .consistentRead(true)
                .projectionExpression("#status, chunkPlan, chunks, chunkFailure")
                .expressionAttributeNames(Map.of("#status", "status"))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(board(item));
    }

    /**
     * Claims a chunk nobody holds (never claimed, released, or its holder's lease run out).
     *
     * @return the claim's attempt number, or empty when the chunk is done, held or no longer wanted
     */
    public OptionalInt claim(String videoId, String plan, int chunk, Duration lease) {
        Instant now = clock.instant();
        var update = ConditionalUpdate.at(now);
        String attempts = update.path("chunks", Integer.toString(chunk), "attempts");
        String leaseUntil = update.path("chunks", Integer.toString(chunk), "leaseUntil");
        update.setClause(attempts + " = " + attempts + " + :one")
                .setClause(leaseUntil + " = :until")
                .value("until", VideoItems.s(Timestamps.format(now.plus(lease))))
                .value("now", VideoItems.s(Timestamps.format(now)))
                .when(leaseUntil + " < :now");
        return wanted(update, plan, chunk)
                .executeForItem(dynamoDb, table, videoId)
                .map(item -> board(item).chunks().get(chunk).attempts())
                .map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    /** Records the pictures encoded so far and extends the lease; false once the claim is not this one's. */
    public boolean heartbeat(String videoId, String plan, int chunk, int attempt, long frames, Duration lease) {
        Instant now = clock.instant();
        var update = ConditionalUpdate.at(now);
        update.setClause(update.path("chunks", Integer.toString(chunk), "leaseUntil") + " = :until")
                .setClause(update.path("chunks", Integer.toString(chunk), "frames") + " = :frames")
                .value("until", VideoItems.s(Timestamps.format(now.plus(lease))))
                .value("frames", VideoItems.n(frames))
                .within(lease.dividedBy(6))
                // A heartbeat still in flight must not take a released chunk back.
                .value("released", RELEASED)
                .when(update.path("chunks", Integer.toString(chunk), "leaseUntil") + " <> :released");
        return held(update, plan, chunk, attempt).executeForItem(dynamoDb, table, videoId).isPresent();
    }

    /**
     * Records the claim's parts as the chunk's.
     *
     * @return the chunks after the write, or empty when the claim was lost (the parts are nobody's)
     */
    public Optional<ChunkBoard> done(String videoId, String plan, int chunk, int attempt, ChunkState.Result result) {
        var update = ConditionalUpdate.at(clock.instant());
        String key = Integer.toString(chunk);
        update.setClause(update.path("chunks", key, "done") + " = :attempt")
                .setClause(update.path("chunks", key, "frames") + " = :pictures")
                .setClause(update.path("chunks", key, "result") + " = :result")
                .value("pictures", VideoItems.n(result.pictures()))
                .value("result", AttributeValue.fromM(Map.of(
                        "firstTick", VideoItems.n(result.firstTick()), "keepFrom", VideoItems.n(result.keepFrom()),
                        "lastTick", VideoItems.n(result.lastTick()), "pictures", VideoItems.n(result.pictures()))));
        return held(update, plan, chunk, attempt).executeForItem(dynamoDb, table, videoId).map(ChunkClaims::board);
    }

    /** Gives the chunk up unfinished (a transient failure, or its worker stops): anyone may claim it at once. */
    public boolean release(String videoId, String plan, int chunk, int attempt) {
        var update = ConditionalUpdate.at(clock.instant());
        update.setClause(update.path("chunks", Integer.toString(chunk), "leaseUntil") + " = :released")
                .value("released", RELEASED);
        return held(update, plan, chunk, attempt).executeForItem(dynamoDb, table, videoId).isPresent();
    }

    /** The chunk can never be encoded: the video fails with {@code reason}, and the other chunks stop. */
    public boolean fail(String videoId, String plan, int chunk, int attempt, String reason) {
        var update = ConditionalUpdate.at(clock.instant()).set("chunkFailure", VideoItems.s(reason));
        return held(update, plan, chunk, attempt).executeForItem(dynamoDb, table, videoId).isPresent();
    }

    /** The chunk is still wanted: the video is being encoded to this plan, and it is not done. */
    private static ConditionalUpdate wanted(ConditionalUpdate update, String plan, int chunk) {
        return update.when("#status = :encoding AND #chunkPlan = :plan AND attribute_not_exists(#chunkFailure) AND "
                        + "attribute_not_exists(" + update.path("chunks", Integer.toString(chunk), "done") + ")",
                        "status", "chunkPlan", "chunkFailure")
                .value("encoding", VideoItems.s(VideoStatus.ENCODING.name()))
                .value("plan", VideoItems.s(plan));
    }

    /** The chunk is still wanted, and claimed by {@code attempt}. */
    private static ConditionalUpdate held(ConditionalUpdate update, String plan, int chunk, int attempt) {
        return wanted(update, plan, chunk)
                .when(update.path("chunks", Integer.toString(chunk), "attempts") + " = :attempt")
                .value("attempt", VideoItems.n(attempt));
    }

    private static ChunkBoard board(Map<String, AttributeValue> item) {
        var map = item.containsKey("chunks") ? item.get("chunks").m() : Map.<String, AttributeValue>of();
        List<ChunkState> chunks = new ArrayList<>();
        for (int i = 0; i < map.size(); i++) {
            var chunk = map.get(Integer.toString(i)).m();
            var result = chunk.containsKey("result") ? chunk.get("result").m() : null;
            chunks.add(new ChunkState(i, number(chunk, "attempts").intValue(), Timestamps.parse(chunk.get("leaseUntil").s()),
                    number(chunk, "frames"), chunk.containsKey("done") ? number(chunk, "done").intValue() : null,
                    result == null ? null : new ChunkState.Result(number(result, "firstTick"), number(result, "keepFrom"),
                            number(result, "lastTick"), number(result, "pictures"))));
        }
        return new ChunkBoard(VideoStatus.valueOf(item.get("status").s()),
                item.containsKey("chunkPlan") ? item.get("chunkPlan").s() : null, chunks,
                item.containsKey("chunkFailure") ? item.get("chunkFailure").s() : null);
    }

    private static Long number(Map<String, AttributeValue> map, String name) {
        return Long.parseLong(map.get(name).n());
    }
}
