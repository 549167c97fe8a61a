package dev.videopipeline.common.messaging;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;

/** Pipeline messages to and from their JSON wire form. */
@Singleton
public class MessageCodec {

    private final JsonMapper json;

    public MessageCodec(JsonMapper json) {
        this.json = json;
    }

    public String encode(PipelineMessage message) {
        try {
            return json.writeValueAsString(Argument.of(PipelineMessage.class), message);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + message, e);
        }
    }

    /** @throws UnreadableMessageException for malformed JSON, an unknown type, a newer version or a missing id */
    public PipelineMessage decode(String body) {
        PipelineMessage message;
        try {
            message = json.readValue(body, PipelineMessage.class);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableMessageException("not a pipeline message: " + e.getMessage(), e);
        }
        if (message == null || message.videoId() == null || message.videoId().isBlank()) {
            throw new UnreadableMessageException("a pipeline message without a videoId", null);
        }
        if (message.version() > PipelineMessage.CURRENT_VERSION) {
            throw new UnreadableMessageException("message version " + message.version()
                    + " is newer than " + PipelineMessage.CURRENT_VERSION, null);
        }
        return message;
    }
}
