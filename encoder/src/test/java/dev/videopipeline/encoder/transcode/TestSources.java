package dev.videopipeline.encoder.transcode;

import dev.videopipeline.common.video.Container;
import dev.videopipeline.common.video.Probe;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

/** Test clips as the encoder gets them: with the container the receiver would have recognised, by their extension. */
public final class TestSources {

    private static final Map<String, Container> BY_EXTENSION = Map.ofEntries(
            Map.entry("mp4", Container.ISO_MP4), Map.entry("mov", Container.ISO_MP4), Map.entry("3gp", Container.ISO_MP4),
            Map.entry("m4a", Container.ISO_MP4), Map.entry("mkv", Container.MATROSKA), Map.entry("webm", Container.MATROSKA),
            Map.entry("avi", Container.AVI), Map.entry("ts", Container.MPEG_TS), Map.entry("m2ts", Container.MPEG_TS),
            Map.entry("mts", Container.MPEG_TS), Map.entry("mpg", Container.MPEG_PS), Map.entry("vob", Container.MPEG_PS),
            Map.entry("flv", Container.FLV), Map.entry("wmv", Container.ASF));

    private TestSources() {
    }

    public static SourceFile of(Path file) {
        String name = file.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        Container container = BY_EXTENSION.get(extension);
        if (container == null) {
            throw new IllegalArgumentException("no container known for " + name);
        }
        return new SourceFile(file, container);
    }

    public static Probe probe(Path file) {
        return new SourceProbe().probe(of(file));
    }

    public static List<RenditionFile> encode(LadderEncoder encoder, Path clip, Probe probe, List<Rung> rungs, Path dir) {
        return encode(encoder, clip, probe, rungs, dir, percent -> { });
    }

    public static List<RenditionFile> encode(LadderEncoder encoder, Path clip, Probe probe, List<Rung> rungs, Path dir,
                                             IntConsumer progress) {
        return encoder.encode(of(clip), probe, rungs, dir, progress);
    }
}
