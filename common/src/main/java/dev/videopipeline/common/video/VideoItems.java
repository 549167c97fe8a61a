package dev.videopipeline.common.video;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Maps a {@link Video} to and from its DynamoDB item. Attribute names are those of docs/architecture.md, "The video item and its status machine". */
final class VideoItems {

    /** A copy of the status kept only while {@link VideoStatus#isPending()}: the byPending index is sparse. */
    static final String PENDING_STATUS = "pendingStatus";

    private VideoItems() {
    }

    static Map<String, AttributeValue> toItem(Video v) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", s(v.id()));
        item.put("owner", s(v.owner().id()));
        item.put("ownerEmail", s(v.owner().email()));
        putIfPresent(item, "title", v.title());
        putIfPresent(item, "originalFilename", v.originalFilename());
        if (v.sizeBytes() != null) {
            item.put("sizeBytes", n(v.sizeBytes()));
        }
        item.put("sourceKey", s(v.sourceKey()));
        if (v.source() != null) {
            item.put("source", source(v.source()));
        }
        item.put("status", s(v.status().name()));
        if (v.status().isPending()) {
            item.put(PENDING_STATUS, s(v.status().name()));
        }
        item.put("progress", n(v.progress()));
        if (v.probe() != null) {
            item.put("probe", probe(v.probe()));
        }
        if (!v.renditions().isEmpty()) {
            item.put("renditions", renditions(v.renditions()));
        }
        putIfPresent(item, "hlsMasterKey", v.hlsMasterKey());
        putIfPresent(item, "posterKey", v.posterKey());
        putIfPresent(item, "failureReason", v.failureReason());
        item.put("attempts", n(v.attempts()));
        item.put("handBacks", n(v.handBacks()));
        if (v.leaseUntil() != null) {
            item.put("leaseUntil", s(Timestamps.format(v.leaseUntil())));
        }
        if (v.notification() != null) {
            item.put("notification", notification(v.notification()));
        }
        item.put("createdAt", s(Timestamps.format(v.createdAt())));
        item.put("updatedAt", s(Timestamps.format(v.updatedAt())));
        item.put("version", n(v.version()));
        return item;
    }

    static Video fromItem(Map<String, AttributeValue> item) {
        return new Video(
                str(item, "id"),
                owner(item),
                str(item, "title"),
                str(item, "originalFilename"),
                item.containsKey("sizeBytes") ? Long.parseLong(item.get("sizeBytes").n()) : null,
                str(item, "sourceKey"),
                item.containsKey("source") ? source(item.get("source").m()) : null,
                VideoStatus.valueOf(str(item, "status")),
                num(item, "progress"),
                item.containsKey("probe") ? probe(item.get("probe").m()) : null,
                item.containsKey("renditions") ? renditionList(item.get("renditions").l()) : List.of(),
                str(item, "hlsMasterKey"),
                str(item, "posterKey"),
                str(item, "failureReason"),
                num(item, "attempts"),
                num(item, "handBacks"),
                item.containsKey("leaseUntil") ? Timestamps.parse(str(item, "leaseUntil")) : null,
                item.containsKey("notification") ? notification(item.get("notification").m()) : null,
                Timestamps.parse(str(item, "createdAt")),
                Timestamps.parse(str(item, "updatedAt")),
                Long.parseLong(item.get("version").n()));
    }

    /** Items written before owners were keyed by their token's {@code sub} have the address only. */
    private static Owner owner(Map<String, AttributeValue> item) {
        String email = str(item, "ownerEmail");
        return new Owner(item.containsKey("owner") ? str(item, "owner") : email, email);
    }

    static AttributeValue source(CheckedSource source) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("container", s(source.container().name()));
        putIfPresent(m, "etag", source.etag());
        return AttributeValue.fromM(m);
    }

    private static CheckedSource source(Map<String, AttributeValue> m) {
        return new CheckedSource(Container.valueOf(str(m, "container")), str(m, "etag"));
    }

    static AttributeValue probe(Probe p) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("durationSeconds", n(p.durationSeconds()));
        m.put("width", n(p.width()));
        m.put("height", n(p.height()));
        m.put("videoCodec", s(p.videoCodec()));
        putIfPresent(m, "audioCodec", p.audioCodec());
        m.put("rotation", n(p.rotation()));
        m.put("frameRate", n(p.frameRate()));
        m.put("sampleAspectRatio", s(p.sampleAspectRatio()));
        m.put("interlaced", AttributeValue.fromBool(p.interlaced()));
        m.put("displayWidth", n(p.displayWidth()));
        m.put("displayHeight", n(p.displayHeight()));
        return AttributeValue.fromM(m);
    }

    static AttributeValue renditions(List<Rendition> renditions) {
        return AttributeValue.fromL(renditions.stream().map(r -> {
            Map<String, AttributeValue> m = new HashMap<>(Map.of(
                    "name", s(r.name()),
                    "width", n(r.width()),
                    "height", n(r.height()),
                    "bitrateKbps", n(r.bitrateKbps()),
                    "key", s(r.key())));
            if (r.quality() != null) {
                m.put("psnr", n(r.quality().psnr()));
                m.put("ssim", n(r.quality().ssim()));
                m.put("qualityPictures", n(r.quality().sampledPictures()));
            }
            return AttributeValue.fromM(m);
        }).toList());
    }

    static AttributeValue notification(Notification n) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("status", s(n.status().name()));
        if (n.outcome() != null) {
            m.put("outcome", s(n.outcome().name()));
        }
        if (n.leaseUntil() != null) {
            m.put("leaseUntil", s(Timestamps.format(n.leaseUntil())));
        }
        putIfPresent(m, "claim", n.claim());
        if (n.sentAt() != null) {
            m.put("sentAt", s(Timestamps.format(n.sentAt())));
        }
        putIfPresent(m, "messageId", n.messageId());
        putIfPresent(m, "reason", n.reason());
        return AttributeValue.fromM(m);
    }

    private static Probe probe(Map<String, AttributeValue> m) {
        double duration = Double.parseDouble(m.get("durationSeconds").n());
        double frameRate = m.containsKey("frameRate") ? Double.parseDouble(m.get("frameRate").n()) : 0;
        if (!m.containsKey("displayWidth")) {
            // Probed before pixel shape and field order were recorded: square and progressive, as then assumed.
            return Probe.of(duration, num(m, "width"), num(m, "height"), str(m, "videoCodec"), str(m, "audioCodec"),
                    num(m, "rotation"), frameRate);
        }
        return new Probe(duration, num(m, "width"), num(m, "height"), str(m, "videoCodec"), str(m, "audioCodec"),
                num(m, "rotation"), frameRate, str(m, "sampleAspectRatio"), m.get("interlaced").bool(),
                num(m, "displayWidth"), num(m, "displayHeight"));
    }

    private static List<Rendition> renditionList(List<AttributeValue> list) {
        return list.stream().map(AttributeValue::m).map(m -> new Rendition(str(m, "name"), num(m, "width"),
                num(m, "height"), num(m, "bitrateKbps"), str(m, "key"), m.containsKey("psnr")
                        ? new Quality(dbl(m, "psnr"), dbl(m, "ssim"), num(m, "qualityPictures")) : null)).toList();
    }

    static Notification notification(Map<String, AttributeValue> m) {
        return new Notification(Notification.Status.valueOf(str(m, "status")),
                m.containsKey("outcome") ? VideoStatus.valueOf(str(m, "outcome")) : null,
                m.containsKey("leaseUntil") ? Timestamps.parse(str(m, "leaseUntil")) : null,
                str(m, "claim"),
                m.containsKey("sentAt") ? Timestamps.parse(str(m, "sentAt")) : null,
                str(m, "messageId"), str(m, "reason"));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(Number value) {
        return AttributeValue.fromN(value.toString());
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static int num(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? 0 : Integer.parseInt(value.n());
    }

    private static double dbl(Map<String, AttributeValue> item, String name) {
        return Double.parseDouble(item.get(name).n());
    }
}
