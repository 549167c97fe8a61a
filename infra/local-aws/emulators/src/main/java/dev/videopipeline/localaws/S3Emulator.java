package dev.videopipeline.localaws;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3: S3Proxy over a directory of files. It checks V4 signatures (so a presigned URL that would
 * fail in AWS fails here too) with the static test credentials.
 */
final class S3Emulator implements Emulator {

    private static final Logger log = LoggerFactory.getLogger(S3Emulator.class);

    private final S3Proxy proxy;
    private final URI endpoint;

    private S3Emulator(S3Proxy proxy, URI endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    /** Starts on {@code port}, or on a free one when it is 0, storing buckets under {@code dir}. */
    static S3Emulator start(int port, Path dir, String accessKey, String secretKey) throws Exception {
        Files.createDirectories(dir);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(dir.toString()))
                .endpoint(Emulator.loopback(port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                // The SDK sends headers S3Proxy does not know (checksums, SDK metadata).
                .ignoreUnknownHeaders(true)
                // The web page PUTs direct uploads to presigned URLs from the receiver's origin, and
                // reads each part's ETag (as the bucket's CORS rule lets it in AWS); the emulator
                // listens on loopback only, so any origin may.
                .corsRules(new CrossOriginResourceSharing(List.of("*"), List.of("GET", "HEAD", "PUT"),
                        List.of("*"), List.of("ETag"), "false"))
                .build();
        proxy.start();
        return new S3Emulator(proxy, Emulator.loopback(proxy.getPort()));
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            log.warn("S3 emulator did not stop cleanly: {}", e.toString());
        }
    }
}
