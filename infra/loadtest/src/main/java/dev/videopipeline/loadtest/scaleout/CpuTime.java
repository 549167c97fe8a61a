package dev.videopipeline.loadtest.scaleout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The machine's CPU time so far, from {@code /proc/stat} (every process, not only the pipeline's:
 * whatever else runs shows too): between two readings, the share of all cores that was busy.
 *
 * @param busy  ticks spent on anything but idle and I/O wait, all cores
 * @param total all ticks, all cores
 */
record CpuTime(long busy, long total) {

    static final CpuTime UNKNOWN = new CpuTime(0, 0);

    static CpuTime now() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/stat")).get(0));
        } catch (IOException | RuntimeException unreadable) {
            return UNKNOWN;
        }
    }

    /** The first line of /proc/stat: {@code cpu user nice system idle iowait irq softirq steal ...}. */
    static CpuTime parse(String cpuLine) {
        long[] ticks = Arrays.stream(cpuLine.trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
        // guest and guest_nice (9th, 10th) are already counted in user and nice
        long total = Arrays.stream(ticks).limit(8).sum();
        return new CpuTime(total - ticks[3] - ticks[4], total);
    }

    /** From 0 to 1; NaN where /proc/stat could not be read. */
    double busyShareSince(CpuTime earlier) {
        long ticks = total - earlier.total;
        return UNKNOWN.equals(this) || UNKNOWN.equals(earlier) || ticks <= 0 ? Double.NaN : (busy - earlier.busy) / (double) ticks;
    }
}
