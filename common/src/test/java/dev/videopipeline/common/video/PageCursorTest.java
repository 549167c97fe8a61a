package dev.videopipeline.common.video;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageCursorTest {

    @Test
    void roundTripsTheLastKeyForTheSameOwner() {
        var last = Map.of(
                "owner", AttributeValue.fromS("ann@example.com"),
                "createdAt", AttributeValue.fromS("2026-11-21T10:00:00.000Z"),
                "id", AttributeValue.fromS("0b6f"));

        String cursor = PageCursor.encode(last);

        assertThat(cursor).doesNotContain("ann@example.com");
        assertThat(PageCursor.decode(cursor, "ann@example.com")).isEqualTo(last);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "bm9wZQ", "djF8fA", "djJ8YXxi"})
    void refusesCursorsItDidNotMake(String cursor) {
        assertThatThrownBy(() -> PageCursor.decode(cursor, "ann@example.com"))
                .isInstanceOf(InvalidCursorException.class);
    }
}
