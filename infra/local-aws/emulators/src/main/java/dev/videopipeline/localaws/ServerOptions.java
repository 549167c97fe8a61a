package dev.videopipeline.localaws;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The command line of {@link LocalAwsServer}. */
record ServerOptions(
        Path stateFile,
        OptionalLong parentPid,
        Optional<Path> dataDir,
        Optional<Path> sesDir,
        Optional<URI> localStackEndpoint,
        boolean faultGates,
        Ports ports,
        Resources resources) {

    /** Fixed ports for a launcher that wants stable URLs; 0 = any free port. */
    record Ports(int sqs, int s3, int dynamoDb, int ses) {
    }

    static final String USAGE = """
            usage: LocalAwsServer [options]
              --state-file PATH          where to write the endpoints (default target/local-aws/endpoints.properties)
              --parent-pid N             stop when process N ends
              --data-dir DIR             keep S3 objects and DynamoDB tables in DIR across restarts
                                         (default: a scratch directory beside the state file, deleted on stop)
              --sqs-port N, --s3-port N, --dynamodb-port N, --ses-port N   fixed ports (default: free ones)
              --ses-dir DIR              the npm install of aws-ses-v2-local (default: ses/ beside lib/)
              --localstack-endpoint URL  S3, SQS and DynamoDB are LocalStack's at URL (provisioned there);
                                         only the SES emulator runs here
              --fault-gates              the services reach each emulator through a gate that the fault drills
                                         shut for a while (POST <local-aws.faults-url>/faults/sqs?seconds=10)
              --uploads-bucket, --media-bucket, --videos-table, --owners-table, --encode-queue, --notify-queue, --mail-from NAME
                                         resource names (defaults: the pipeline's)
            """;

    static ServerOptions parse(List<String> arguments) {
        Deque<String> args = new ArrayDeque<>(arguments);
        Path stateFile = Path.of("target", "local-aws", "endpoints.properties");
        OptionalLong parentPid = OptionalLong.empty();
        Optional<Path> dataDir = Optional.empty();
        Optional<Path> sesDir = Optional.empty();
        Optional<URI> endpoint = Optional.empty();
        boolean faultGates = false;
        int sqsPort = 0;
        int s3Port = 0;
        int dynamoDbPort = 0;
        int sesPort = 0;
        Resources d = Resources.defaults();
        String uploads = d.uploadsBucket();
        String media = d.mediaBucket();
        String table = d.videosTable();
        String owners = d.ownersTable();
        String encode = d.encodeQueue();
        String notify = d.notifyQueue();
        String mailFrom = d.mailFrom();
        while (!args.isEmpty()) {
            String flag = args.pop();
            switch (flag) {
                case "--state-file" -> stateFile = Path.of(value(flag, args));
                case "--parent-pid" -> parentPid = OptionalLong.of(Long.parseLong(value(flag, args)));
                case "--data-dir" -> dataDir = Optional.of(Path.of(value(flag, args)));
                case "--ses-dir" -> sesDir = Optional.of(Path.of(value(flag, args)));
                case "--localstack-endpoint" -> endpoint = Optional.of(URI.create(value(flag, args)));
                case "--fault-gates" -> faultGates = true;
                case "--sqs-port" -> sqsPort = port(flag, args);
                case "--s3-port" -> s3Port = port(flag, args);
                case "--dynamodb-port" -> dynamoDbPort = port(flag, args);
                case "--ses-port" -> sesPort = port(flag, args);
                case "--uploads-bucket" -> uploads = value(flag, args);
                case "--media-bucket" -> media = value(flag, args);
                case "--videos-table" -> table = value(flag, args);
                case "--owners-table" -> owners = value(flag, args);
                case "--encode-queue" -> encode = value(flag, args);
                case "--notify-queue" -> notify = value(flag, args);
                case "--mail-from" -> mailFrom = value(flag, args);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (faultGates && endpoint.isPresent()) {
            throw new IllegalArgumentException("--fault-gates needs the emulators here, not LocalStack");
        }
        return new ServerOptions(stateFile, parentPid, dataDir, sesDir, endpoint, faultGates,
                new Ports(sqsPort, s3Port, dynamoDbPort, sesPort),
                new Resources(uploads, media, table, owners, encode, notify, mailFrom));
    }

    private static String value(String flag, Deque<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.pop();
    }

    private static int port(String flag, Deque<String> args) {
        int port = Integer.parseInt(value(flag, args));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(flag + " must be a port number, not " + port);
        }
        return port;
    }
}
