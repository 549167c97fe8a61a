package dev.videopipeline.loadtest.scaling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measured encode times as the scale-out experiment writes them and the simulator reads them: a
 * header, then one line per encode, {@code encoders,seconds} (how many encoders shared the machine
 * in that run, the encode's wall time).
 */
public final class EncodeTimesCsv {

    static final String HEADER = "encoders,seconds";

    private EncodeTimesCsv() {
    }

    /** @param secondsByEncoders each run's encode times, by its number of encoders */
    public static void write(Path file, Map<Integer, List<Double>> secondsByEncoders) throws IOException {
        var text = new StringBuilder(HEADER).append('\n');
        new TreeMap<>(secondsByEncoders).forEach((encoders, times) -> times.forEach(seconds ->
                text.append(encoders).append(',').append(String.format(Locale.ROOT, "%.3f", seconds)).append('\n')));
        Files.writeString(file, text);
    }

    /**
     * The encode times of the run with the fewest encoders: one encoder with the machine to itself is
     * what an encoder task is; more on the same cores slow each other down.
     */
    public static List<Double> readFewestEncoders(Path file) throws IOException {
        TreeMap<Integer, List<Double>> byEncoders = new TreeMap<>();
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw new IOException(file + " does not start with " + HEADER);
        }
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",");
            byEncoders.computeIfAbsent(Integer.parseInt(fields[0].strip()), n -> new ArrayList<>())
                    .add(Double.parseDouble(fields[1].strip()));
        }
        if (byEncoders.isEmpty()) {
            throw new IOException(file + " holds no encode times");
        }
        return byEncoders.firstEntry().getValue();
    }
}
