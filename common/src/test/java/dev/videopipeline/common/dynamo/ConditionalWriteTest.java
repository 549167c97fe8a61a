package dev.videopipeline.common.dynamo;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConditionalWriteTest {

    private static final Map<String, AttributeValue> KEY = Map.of("owner", AttributeValue.fromS("ann"));

    @Test
    void clausesJoinInDynamoDbsOrderWithTheirPlaceholdersBeside() {
        var update = ConditionalWrite.when("attribute_exists(#encoding)")
                .set("status", AttributeValue.fromS("READY"))
                .remove("#encoding.#id")
                .add("#count :one")
                .name("encoding").name("count").name("#id", "3f2c-video-id")
                .value("one", AttributeValue.fromN("1"))
                .and("#encoding.#id.holder = :me")
                .inTransaction("owners", KEY).update();

        assertThat(update.updateExpression()).isEqualTo("SET #status = :status ADD #count :one REMOVE #encoding.#id");
        assertThat(update.conditionExpression())
                .isEqualTo("(attribute_exists(#encoding)) AND (#encoding.#id.holder = :me)");
        assertThat(update.expressionAttributeNames()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "#status", "status", "#encoding", "encoding", "#count", "count", "#id", "3f2c-video-id"));
        assertThat(update.expressionAttributeValues()).containsOnlyKeys(":status", ":one");
    }

    @Test
    void withoutNamesOrValuesNoneAreSent() {
        var update = ConditionalWrite.when(null).set("a = b").inTransaction("owners", KEY).update();

        assertThat(update.hasExpressionAttributeNames()).isFalse();
        assertThat(update.hasExpressionAttributeValues()).isFalse();
        assertThat(update.conditionExpression()).isNull();
    }

    @Test
    void onePlaceholderCannotStandForTwoNames() {
        var write = ConditionalWrite.when(null).name("#id", "video-1");

        assertThatThrownBy(() -> write.name("#id", "video-2")).hasMessageContaining("#id stands for video-1");
    }

    @Test
    void anUpdateMustChangeSomething() {
        assertThatThrownBy(() -> ConditionalWrite.when("attribute_exists(id)").inTransaction("videos", KEY))
                .isInstanceOf(IllegalStateException.class);
    }
}
