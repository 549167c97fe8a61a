package dev.videopipeline.localaws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hand-over to the services and tests: a Java properties file whose keys are the services'
 * own (Micronaut) property names. It appears whole or not at all, and only once everything is
 * provisioned, so a reader that sees it can use it.
 */
final class StateFileWriter {

    private final Path path;

    StateFileWriter(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    Path path() {
        return path;
    }

    /**
     * The properties, in the order a person reads them.
     *
     * @param faults the fault drills' API ({@code --fault-gates}), or null
     */
    static Map<String, String> properties(Endpoints endpoints, Resources resources, QueueUrls queues, URI faults,
                                          long pid) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("aws.region", LocalAccount.REGION);
        p.put("aws.credentials.access-key-id", LocalAccount.ACCESS_KEY_ID);
        p.put("aws.credentials.secret-access-key", LocalAccount.SECRET_ACCESS_KEY);
        p.put("aws.services.s3.endpoint-override", endpoints.s3().toString());
        p.put("aws.services.sqs.endpoint-override", endpoints.sqs().toString());
        p.put("aws.services.dynamodb.endpoint-override", endpoints.dynamoDb().toString());
        p.put("aws.services.sesv2.endpoint-override", endpoints.sesV2().toString());
        p.put("pipeline.uploads-bucket", resources.uploadsBucket());
        p.put("pipeline.media-bucket", resources.mediaBucket());
        p.put("pipeline.videos-table", resources.videosTable());
        p.put("pipeline.owners-table", resources.ownersTable());
        p.put("pipeline.encode-queue-url", queues.encodeQueue());
        p.put("pipeline.encode-dlq-url", queues.encodeDlq());
        p.put("pipeline.notify-queue-url", queues.notifyQueue());
        p.put("pipeline.notify-dlq-url", queues.notifyDlq());
        p.put("pipeline.mail-from", resources.mailFrom());
        p.put("local-aws.ses-store-url", endpoints.sesStore().toString());
        if (faults != null) {
            p.put("local-aws.faults-url", faults.toString());
        }
        p.put("local-aws.pid", String.valueOf(pid));
        return p;
    }

    /** Writes beside the target and renames, so readers never see half a file. */
    void write(Map<String, String> properties) {
        StringBuilder text = new StringBuilder("# Written by dev.videopipeline.localaws.LocalAwsServer; deleted when it stops.\n");
        // Keys and values are names and URLs: nothing that needs properties escaping.
        properties.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        try {
            Files.createDirectories(path.getParent());
            Path temp = Files.createTempFile(path.getParent(), path.getFileName().toString(), ".tmp");
            Files.writeString(temp, text, StandardCharsets.ISO_8859_1);
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
