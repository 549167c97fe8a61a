package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.video.CheckedSource;
import dev.videopipeline.common.video.Container;
import dev.videopipeline.common.video.ContainerSniffer;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.encoder.transcode.SourceFile;
import dev.videopipeline.encoder.transcode.UnreadableSourceException;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A video's source, fetched to a local file for an encode or one of its chunks. */
@Singleton
class SourceDownload {

    private final S3Client s3;
    private final PipelineResources resources;

    SourceDownload(S3Client s3, PipelineResources resources) {
        this.s3 = s3;
        this.resources = resources;
    }

    /**
     * The very bytes the receiver checked: with their ETag pinned, bytes put in their place since
     * (a direct upload's URL stays valid a while after complete) fail the video instead of being
     * encoded in the checked file's name.
     */
    SourceFile download(Video video, Path file) {
        CheckedSource checked = video.source();
        try {
            s3.getObject(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey())
                    .ifMatch(checked == null ? null : checked.etag()), file);
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new UnreadableSourceException("The uploaded file was replaced after it was checked: "
                        + "upload the video again.", e);
            }
            throw e;
        }
        return new SourceFile(file, checked == null ? recognise(file) : checked.container());
    }

    /** A source recorded before the receiver recorded its container: recognised here, as the receiver would. */
    private static Container recognise(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(ContainerSniffer.HEAD_BYTES);
            return ContainerSniffer.sniff(head, head.length, Files.size(file))
                    .orElseThrow(() -> new UnreadableSourceException("The file is not a video we can read.", null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
