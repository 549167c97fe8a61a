package dev.videopipeline.loadtest.scaleout;

import dev.videopipeline.testclips.TestClips;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The experiment's command line.
 *
 * @param encoders    the runs: how many encoders compete on the queue in each, in order
 * @param videos      clips uploaded at once in every run
 * @param clipSeconds how long each clip is
 * @param width       clip width
 * @param height      clip height
 * @param fps         clip pictures a second
 * @param port        the pipeline's receiver port; the mailer and encoders take the next ones
 * @param pin         whether each encoder gets a core of its own ({@code taskset}), as a task has its vCPUs
 * @param compareWhole whether a run with one encoder and chunked encoding off goes first, to set
 *                    chunking's cost against
 * @param chunkThreshold  {@code encoder.chunking.threshold} in seconds; 0: the encoder's own
 * @param chunkSeconds    {@code encoder.chunking.chunk-length} in seconds; 0: the encoder's own
 */
record ScaleOutOptions(List<Integer> encoders, int videos, double clipSeconds, int width, int height, int fps, int port,
                       boolean pin, boolean compareWhole, int chunkThreshold, int chunkSeconds) {

    static final String USAGE = "usage: infra/loadtest/scaleout [--encoders 1,2] [--videos 8] [--clip-seconds 10]"
            + " [--size 1280x720] [--fps 25] [--port 19080] [--pin] [--compare-whole] [--chunk-threshold S] [--chunk-seconds S]";

    ScaleOutOptions {
        encoders = List.copyOf(encoders);
        if (encoders.isEmpty() || encoders.stream().anyMatch(n -> n < 1 || n > 16)) {
            throw new IllegalArgumentException("--encoders is a list of counts from 1 to 16");
        }
        if (videos < 1 || videos > 100 || !(clipSeconds > 0) || width < 16 || height < 16) {
            throw new IllegalArgumentException("--videos is 1 to 100; --clip-seconds and --size must be positive");
        }
        int most = encoders.stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (port < 1024 || port > 65535 - 1 - most) {
            throw new IllegalArgumentException("--port must leave room for the mailer and encoders after it");
        }
        TestClips.checkFrameRate(fps);
        if (chunkThreshold < 0 || chunkSeconds < 0) {
            throw new IllegalArgumentException("--chunk-threshold and --chunk-seconds are seconds");
        }
    }

    static ScaleOutOptions parse(String[] args) {
        List<Integer> encoders = List.of(1, 2);
        int videos = 8;
        double clipSeconds = 10;
        int width = 1280;
        int height = 720;
        int fps = TestClips.FPS;
        int port = 19080;
        boolean pin = false;
        boolean compareWhole = false;
        int chunkThreshold = 0;
        int chunkSeconds = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--encoders" -> encoders = Arrays.stream(value(args, ++i).split(","))
                        .map(String::strip).map(Integer::valueOf).toList();
                case "--videos" -> videos = Integer.parseInt(value(args, ++i));
                case "--clip-seconds" -> clipSeconds = Double.parseDouble(value(args, ++i));
                case "--size" -> {
                    String[] size = value(args, ++i).split("x");
                    if (size.length != 2) {
                        throw new IllegalArgumentException("--size is WIDTHxHEIGHT");
                    }
                    width = Integer.parseInt(size[0]);
                    height = Integer.parseInt(size[1]);
                }
                case "--fps" -> fps = Integer.parseInt(value(args, ++i));
                case "--port" -> port = Integer.parseInt(value(args, ++i));
                case "--pin" -> pin = true;
                case "--compare-whole" -> compareWhole = true;
                case "--chunk-threshold" -> chunkThreshold = Integer.parseInt(value(args, ++i));
                case "--chunk-seconds" -> chunkSeconds = Integer.parseInt(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new ScaleOutOptions(encoders, videos, clipSeconds, width, height, fps, port, pin, compareWhole,
                chunkThreshold, chunkSeconds);
    }

    /** The command that repeats this run, for the report. */
    String command() {
        return String.format(Locale.ROOT, "infra/loadtest/scaleout --encoders %s --videos %d --clip-seconds %s"
                        + " --size %dx%d --port %d", String.join(",", encoders.stream().map(String::valueOf).toList()),
                videos, clipSeconds == Math.rint(clipSeconds) ? String.valueOf((long) clipSeconds) : String.valueOf(clipSeconds),
                width, height, port)
                + (fps != TestClips.FPS ? " --fps " + fps : "")
                + (pin ? " --pin" : "") + (compareWhole ? " --compare-whole" : "")
                + (chunkThreshold > 0 ? " --chunk-threshold " + chunkThreshold : "")
                + (chunkSeconds > 0 ? " --chunk-seconds " + chunkSeconds : "");
    }

    /** Every run in order: the whole-video one first when asked for, then one per encoder count. */
    List<Run> runs() {
        var runs = new ArrayList<Run>();
        if (compareWhole) {
            runs.add(new Run(1, true));
        }
        encoders.forEach(n -> runs.add(new Run(n, false)));
        return runs;
    }

    /** The encoders' settings of a run: chunking as asked, or off for the whole-video run. */
    Map<String, String> environment(Run run) {
        var settings = new LinkedHashMap<String, String>();
        if (run.whole()) {
            settings.put("ENCODER_CHUNKING_ENABLED", "false");
        }
        if (chunkThreshold > 0) {
            settings.put("ENCODER_CHUNKING_THRESHOLD", chunkThreshold + "s");
        }
        if (chunkSeconds > 0) {
            settings.put("ENCODER_CHUNKING_CHUNK_LENGTH", chunkSeconds + "s");
        }
        return settings;
    }

    /**
     * One run of the experiment.
     *
     * @param encoders encoders competing on the queue
     * @param whole    whether chunked encoding is off in it
     */
    record Run(int encoders, boolean whole) {

        /** How the report and the log files name it. */
        String label() {
            return encoders + (whole ? "-whole" : "");
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
