package dev.videopipeline.encoder.bench;

import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** One timed run: wall and CPU seconds, and the peak resident memory of the process that did it. */
record Run(double wallSeconds, double cpuSeconds, long peakRssBytes) {

    interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} in this JVM; CPU is the whole process's, JIT and GC included. */
    static Run inProcess(Work work) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ProcStatus.resetPeak();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        work.run();
        return new Run((System.nanoTime() - start) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9,
                ProcStatus.self("VmHWM"));
    }

    /** The run with the median wall time. */
    static Run median(List<Run> runs) {
        return runs.stream().sorted(Comparator.comparingDouble(Run::wallSeconds)).toList().get(runs.size() / 2);
    }

    String describe(long frames) {
        return String.format(Locale.ROOT, "wall %.1f s, cpu %.1f s, %.0f fps, peak RSS %d MiB",
                wallSeconds, cpuSeconds, frames / wallSeconds, peakRssBytes >> 20);
    }
}
