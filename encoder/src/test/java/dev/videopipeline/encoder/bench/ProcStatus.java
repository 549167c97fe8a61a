package dev.videopipeline.encoder.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory and CPU figures of Linux processes, from /proc. */
final class ProcStatus {

    /** USER_HZ: the unit of the times in /proc/[pid]/stat on every Linux the JDK runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcStatus() {
    }

    /** @return a {@code /proc/self/status} size field ({@code VmRSS}, {@code VmHWM}) in bytes */
    static long self(String field) throws IOException {
        return of("self", field);
    }

    /** @return the field in bytes, or 0 once the process is gone */
    static long of(String pid, String field) throws IOException {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            return 0;
        } catch (java.nio.file.NoSuchFileException gone) {
            return 0;
        }
    }

    /** Starts a new peak: the kernel resets VmHWM to the current RSS. */
    static void resetPeak() throws IOException {
        Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    }

    /** @return CPU seconds used by this process's children that have been waited for */
    static double childrenCpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        // Fields after the command name (which may hold spaces) start at field 3; cutime and cstime are 16 and 17.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS_PER_SECOND;
    }
}
