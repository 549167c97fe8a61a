package dev.videopipeline.local;

import java.nio.file.Path;

/**
 * The launcher's command line.
 *
 * @param port     the receiver's port (web page, API, media); the mailer, the encoders and the
 *                 receiver's management port take the next ones
 * @param encoders encoder processes competing on the one queue
 * @param dataDir  where S3 objects and the table survive restarts; null: gone at stop
 * @param sample   whether to upload a generated sample video once everything is up
 * @param faultGates whether the services reach the emulators through fault gates, which the AWS
 *                   outage drills shut (see infra/local-aws/README.md)
 * @param pinEncoders whether each encoder runs on a core of its own ({@code taskset}), as a task
 *                    has its own vCPUs; encoder N on core N-1, round the machine's cores
 */
record LaunchOptions(int port, int encoders, Path dataDir, boolean sample, boolean faultGates, boolean pinEncoders) {

    static final String USAGE = "usage: infra/local/run [--port 8080] [--encoders 1] [--data-dir DIR] [--sample]"
            + " [--fault-gates] [--pin-encoders]";

    static LaunchOptions parse(String[] args) {
        int port = 8080;
        int encoders = 1;
        Path dataDir = null;
        boolean sample = false;
        boolean faultGates = false;
        boolean pinEncoders = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i));
                case "--encoders" -> encoders = Integer.parseInt(value(args, ++i));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i)).toAbsolutePath();
                case "--sample" -> sample = true;
                case "--fault-gates" -> faultGates = true;
                case "--pin-encoders" -> pinEncoders = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (port < 1 || port > 65535 - 2 - encoders || encoders < 1 || encoders > 16) {
            throw new IllegalArgumentException("--port must leave room for the services after it; --encoders is 1 to 16");
        }
        return new LaunchOptions(port, encoders, dataDir, sample, faultGates, pinEncoders);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    int mailerPort() {
        return port + 1;
    }

    /** The receiver's health and metrics (no load balancer or CDN routes it in AWS). */
    int managementPort() {
        return port + 2 + encoders;
    }

    /** @param encoder 1 to {@link #encoders()} */
    int encoderPort(int encoder) {
        return port + 1 + encoder;
    }
}
