package dev.videopipeline.common.video;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The attributes a status transition writes besides the status itself. */
public final class VideoChange {

    private final Map<String, AttributeValue> sets = new LinkedHashMap<>();
    private final List<String> removes = new ArrayList<>();

    private VideoChange() {
    }

    public static VideoChange with() {
        return new VideoChange();
    }

    public VideoChange sizeBytes(long sizeBytes) {
        sets.put("sizeBytes", VideoItems.n(sizeBytes));
        return this;
    }

    public VideoChange source(CheckedSource source) {
        sets.put("source", VideoItems.source(source));
        return this;
    }

    public VideoChange progress(int progress) {
        sets.put("progress", VideoItems.n(progress));
        return this;
    }

    public VideoChange probe(Probe probe) {
        sets.put("probe", VideoItems.probe(probe));
        return this;
    }

    public VideoChange renditions(List<Rendition> renditions) {
        sets.put("renditions", VideoItems.renditions(renditions));
        return this;
    }

    public VideoChange hlsMasterKey(String key) {
        sets.put("hlsMasterKey", VideoItems.s(key));
        return this;
    }

    public VideoChange posterKey(String key) {
        sets.put("posterKey", VideoItems.s(key));
        return this;
    }

    public VideoChange failureReason(String reason) {
        sets.put("failureReason", VideoItems.s(reason));
        return this;
    }

    /**
     * The owner's retry: the video starts over, its attempts, progress, lease and failure forgotten,
     * and its mail too, so that the new outcome is mailed even if it is another failure.
     */
    public VideoChange startOver() {
        sets.put("attempts", VideoItems.n(0));
        sets.put("handBacks", VideoItems.n(0));
        sets.put("progress", VideoItems.n(0));
        removes.add("failureReason");
        removes.add("leaseUntil");
        removes.add("notification");
        return forgetChunks();
    }

    /** The chunked encode's state ({@link ChunkClaims}) goes once the video has its outcome. */
    public VideoChange forgetChunks() {
        removes.addAll(ChunkClaims.ATTRIBUTES);
        return this;
    }

    Map<String, AttributeValue> sets() {
        return sets;
    }

    List<String> removes() {
        return removes;
    }
}
