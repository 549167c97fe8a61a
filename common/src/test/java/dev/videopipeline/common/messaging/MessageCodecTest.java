package dev.videopipeline.common.messaging;

import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageCodecTest {

    private final MessageCodec codec = new MessageCodec(ObjectMapper.getDefault());

    @Test
    void writesTheWireFormatOfTheContract() {
        String json = codec.encode(new VideoUploaded("v1"));

        assertThat(json).contains("\"type\":\"VideoUploaded\"", "\"version\":1", "\"videoId\":\"v1\"")
                .doesNotContain("bucket", "key");
    }

    @Test
    void readsAnEncodeRequestFromBeforeItNamedOnlyTheVideo() {
        var message = codec.decode("{\"type\":\"VideoUploaded\",\"version\":1,\"videoId\":\"v6\","
                + "\"bucket\":\"elsewhere\",\"key\":\"other/object\"}");

        assertThat(message).isEqualTo(new VideoUploaded("v6"));
    }

    @Test
    void readsEachTypeBack() {
        assertThat(codec.decode(codec.encode(new VideoReady("v2")))).isEqualTo(new VideoReady("v2"));
        assertThat(codec.decode(codec.encode(new VideoFailed("v3")))).isEqualTo(new VideoFailed("v3"));
        assertThat(codec.decode(codec.encode(new VideoUploaded("v4"))))
                .isEqualTo(new VideoUploaded("v4"));
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        var message = codec.decode("{\"type\":\"VideoReady\",\"version\":1,\"videoId\":\"v5\",\"traceId\":\"x\"}");

        assertThat(message).isEqualTo(new VideoReady("v5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "{}",
            "{\"type\":\"VideoDeleted\",\"version\":1,\"videoId\":\"v\"}",
            "{\"type\":\"VideoReady\",\"version\":1}",
            "{\"type\":\"VideoReady\",\"version\":2,\"videoId\":\"v\"}",
            "[1,2]"
    })
    void refusesWhatItCannotRead(String body) {
        assertThatThrownBy(() -> codec.decode(body)).isInstanceOf(UnreadableMessageException.class);
    }
}
