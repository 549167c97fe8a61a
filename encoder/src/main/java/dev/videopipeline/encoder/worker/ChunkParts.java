package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.storage.BucketPrefix;
import dev.videopipeline.common.storage.ObjectKeys;
import dev.videopipeline.common.video.ChunkState;
import dev.videopipeline.encoder.transcode.ChunkPart;
import dev.videopipeline.encoder.transcode.Rung;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A chunk's encoded parts in the uploads bucket, beside the source ({@link ObjectKeys#chunkPart}):
 * each attempt writes under its own prefix, so a late or duplicate worker overwrites nobody's, and
 * everything goes with the upload when the video is deleted.
 */
@Singleton
class ChunkParts {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkParts.class);

    private final S3Client s3;
    private final PipelineResources resources;

    ChunkParts(S3Client s3, PipelineResources resources) {
        this.s3 = s3;
        this.resources = resources;
    }

    /** What the parts hold, the same for every rung: they were encoded from the same pictures. */
    static ChunkState.Result result(List<ChunkPart> parts) {
        var first = parts.get(0);
        var result = new ChunkState.Result(first.firstTick(), first.keepFrom(), first.lastTick(), first.pictures());
        for (var part : parts) {
            if (!result.equals(new ChunkState.Result(part.firstTick(), part.keepFrom(), part.lastTick(), part.pictures()))) {
                throw new IllegalStateException("the rungs of one chunk hold different pictures: " + parts);
            }
        }
        return result;
    }

    void store(String videoId, int chunk, int attempt, List<ChunkPart> parts) {
        for (var part : parts) {
            s3.putObject(b -> b.bucket(resources.uploadsBucket())
                            .key(ObjectKeys.chunkPart(videoId, chunk, attempt, part.rung().name())).contentType("video/mp4")
                            .tagging(ObjectKeys.CHUNK_PART_TAG),
                    RequestBody.fromFile(part.file()));
        }
    }

    /** The parts the chunk's done {@code attempt} stored, fetched into {@code dir}, in the rungs' order. */
    List<ChunkPart> fetch(String videoId, ChunkState chunk, List<Rung> rungs, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var result = chunk.result();
        List<ChunkPart> parts = new ArrayList<>();
        for (var rung : rungs) {
            Path file = dir.resolve(rung.name() + "-" + chunk.index() + ".mp4");
            s3.getObject(b -> b.bucket(resources.uploadsBucket())
                    .key(ObjectKeys.chunkPart(videoId, chunk.index(), chunk.done(), rung.name())), file);
            parts.add(new ChunkPart(rung, file, result.firstTick(), result.keepFrom(), result.lastTick(), result.pictures()));
        }
        return parts;
    }

    /**
     * Every chunk of the video, of every attempt: once it has its outcome, or is gone. A failure
     * costs the video nothing: the uploads bucket's lifecycle rule expires what is left
     * ({@link ObjectKeys#CHUNK_PART_TAG}).
     */
    void removeAll(String videoId) {
        try {
            BucketPrefix.deleteAll(s3, resources.uploadsBucket(), ObjectKeys.chunksPrefix(videoId));
        } catch (SdkException e) {
            LOG.atWarn().setMessage("chunk parts not removed").addKeyValue("videoId", videoId)
                    .addKeyValue("error", e.getMessage()).log();
        }
    }

    /** What one attempt stored, when it turned out to be nobody's. */
    void remove(String videoId, int chunk, int attempt, List<Rung> rungs) {
        for (var rung : rungs) {
            s3.deleteObject(b -> b.bucket(resources.uploadsBucket())
                    .key(ObjectKeys.chunkPart(videoId, chunk, attempt, rung.name())));
        }
    }
}
