package dev.videopipeline.encoder.transcode;

import java.util.Comparator;
import java.util.List;

/**
 * Picks the rungs for a source: every configured rung whose short side fits in the source's, sized
 * to keep the source's aspect ratio with even dimensions (H.264 in 4:2:0 needs them). Never above
 * the source; a source smaller than every rung gets one rung at its own (even) size.
 */
public final class Ladder {

    private Ladder() {
    }

    /**
     * @param width  the source width as displayed, rotation applied
     * @param height the source height as displayed, rotation applied
     */
    public static List<Rung> forSource(int width, int height, List<RungSpec> specs) {
        if (specs.isEmpty()) {
            throw new IllegalStateException("no rungs configured under encoder.ladder");
        }
        if (width < 2 || height < 2) {
            throw new IllegalArgumentException("a picture of " + width + "x" + height + " cannot be encoded");
        }
        int shortSide = Math.min(width, height);
        List<RungSpec> fitting = specs.stream()
                .filter(spec -> spec.shortSide() <= shortSide)
                .sorted(Comparator.comparingInt(RungSpec::shortSide).reversed())
                .toList();
        if (fitting.isEmpty()) {
            RungSpec smallest = specs.stream().min(Comparator.comparingInt(RungSpec::shortSide)).orElseThrow();
            return List.of(new Rung(evenWithin(shortSide, shortSide) + "p", evenWithin(width, width),
                    evenWithin(height, height), smallest.videoKbps(), smallest.audioKbps()));
        }
        return fitting.stream().map(spec -> sized(spec, width, height, shortSide)).toList();
    }

    private static Rung sized(RungSpec spec, int width, int height, int shortSide) {
        double scale = spec.shortSide() / (double) shortSide;
        return new Rung(spec.name(), evenWithin(width * scale, width), evenWithin(height * scale, height),
                spec.videoKbps(), spec.audioKbps());
    }

    /** The even number nearest to {@code size}, but never above {@code limit} (the source's side). */
    private static int evenWithin(double size, int limit) {
        return Math.max(2, Math.min(2 * (int) Math.round(size / 2), limit - limit % 2));
    }
}
