package dev.videopipeline.loadtest.scaleout;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The experiment's command line.
 *
 * @param encoders    the runs: how many encoders compete on the queue in each, in order
 * @param videos      clips uploaded at once in every run
 * @param clipSeconds how long each clip is
 * @param width       clip width
 * @param height      clip height
 * @param port        the pipeline's receiver port; the mailer and encoders take the next ones
 */
record ScaleOutOptions(List<Integer> encoders, int videos, double clipSeconds, int width, int height, int port) {

    static final String USAGE = "usage: infra/loadtest/scaleout [--encoders 1,2] [--videos 8] [--clip-seconds 10]"
            + " [--size 1280x720] [--port 19080]";

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
    }

    static ScaleOutOptions parse(String[] args) {
        List<Integer> encoders = List.of(1, 2);
        int videos = 8;
        double clipSeconds = 10;
        int width = 1280;
        int height = 720;
        int port = 19080;
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
                case "--port" -> port = Integer.parseInt(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new ScaleOutOptions(encoders, videos, clipSeconds, width, height, port);
    }

    /** The command that repeats this run, for the report. */
    String command() {
        return String.format(Locale.ROOT, "infra/loadtest/scaleout --encoders %s --videos %d --clip-seconds %s"
                        + " --size %dx%d --port %d", String.join(",", encoders.stream().map(String::valueOf).toList()),
                videos, clipSeconds == Math.rint(clipSeconds) ? String.valueOf((long) clipSeconds) : String.valueOf(clipSeconds),
                width, height, port);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
