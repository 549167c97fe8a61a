package dev.videopipeline.receiver.quota;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/**
 * An owner's item in the owners table: key {@code ownerEmail}; {@code inFlight}, their unfinished
 * videos by id, with when each was admitted ({@link VideosInFlight}); {@code bytesDay} and
 * {@code bytesToday}, what they uploaded on that UTC day ({@link DailyUploadBytes}).
 */
final class OwnerItem {

    private OwnerItem() {
    }

    static Map<String, AttributeValue> key(String owner) {
        return Map.of("ownerEmail", AttributeValue.fromS(owner));
    }
}
