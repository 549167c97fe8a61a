package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.storage.BucketPrefix;
import dev.videopipeline.common.storage.ObjectKeys;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Uploads a job's outputs to the media bucket under {@code media/{id}/}, keeping their relative
 * paths, with the content type players expect. Everything is immutable once written (a new encode
 * writes under the same keys the same content), so caches may keep it for a year.
 */
@Singleton
public class MediaPublisher {

    private static final String CACHE = "public, max-age=31536000, immutable";

    private final S3Client s3;
    private final PipelineResources resources;

    public MediaPublisher(S3Client s3, PipelineResources resources) {
        this.s3 = s3;
        this.resources = resources;
    }

    public void publish(String videoId, Path outputDir) {
        try (Stream<Path> files = Files.walk(outputDir)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                String key = ObjectKeys.mediaPrefix(videoId) + outputDir.relativize(file).toString().replace('\\', '/');
                s3.putObject(b -> b.bucket(resources.mediaBucket()).key(key)
                        .contentType(contentType(file)).cacheControl(CACHE), RequestBody.fromFile(file));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes what {@link #publish} wrote: the video was deleted while it was being encoded. */
    public void unpublish(String videoId) {
        BucketPrefix.deleteAll(s3, resources.mediaBucket(), ObjectKeys.mediaPrefix(videoId));
    }

    static String contentType(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".m3u8")) {
            return "application/vnd.apple.mpegurl";
        }
        if (name.endsWith(".m4s")) {
            return "video/iso.segment";
        }
        if (name.endsWith(".jpg")) {
            return "image/jpeg";
        }
        return "video/mp4";
    }
}
