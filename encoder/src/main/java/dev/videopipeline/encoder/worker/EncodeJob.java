package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.storage.ObjectKeys;
import dev.videopipeline.common.video.CheckedSource;
import dev.videopipeline.common.video.Container;
import dev.videopipeline.common.video.ContainerSniffer;
import dev.videopipeline.common.video.Probe;
import dev.videopipeline.common.video.Quality;
import dev.videopipeline.common.video.Rendition;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoChange;
import dev.videopipeline.encoder.fairuse.DailySourceSeconds;
import dev.videopipeline.encoder.transcode.ChunkedLadderEncoder;
import dev.videopipeline.encoder.transcode.FfmpegLog;
import dev.videopipeline.encoder.transcode.HlsPackager;
import dev.videopipeline.encoder.transcode.Ladder;
import dev.videopipeline.encoder.transcode.LadderEncoder;
import dev.videopipeline.encoder.transcode.PosterMaker;
import dev.videopipeline.encoder.transcode.QualityMeter;
import dev.videopipeline.encoder.transcode.RenditionFile;
import dev.videopipeline.encoder.transcode.RungSpec;
import dev.videopipeline.encoder.transcode.SourceLimits;
import dev.videopipeline.encoder.transcode.SourceFile;
import dev.videopipeline.encoder.transcode.SourceProbe;
import dev.videopipeline.encoder.transcode.UnreadableSourceException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * One encode, step by step: download the checked source, probe it, check the limits and charge the
 * owner's daily allowance, pick the ladder, encode every rung
 * from one decode (or, for a long video, chunk by chunk), package HLS, make the poster, publish. Local files live in a job directory that
 * is always removed.
 */
@Singleton
public class EncodeJob {

    private static final Logger LOG = LoggerFactory.getLogger(EncodeJob.class);

    private final S3Client s3;
    private final SourceProbe probes;
    private final LadderEncoder encoder;
    private final ChunkedLadderEncoder chunkedEncoder;
    private final ChunkingSettings chunking;
    private final HlsPackager hls;
    private final PosterMaker posters;
    private final MediaPublisher publisher;
    private final List<RungSpec> ladder;
    private final PipelineResources resources;
    private final WorkDirectory workDirectory;
    private final SourceLimits limits;
    private final FfmpegLog ffmpegLog;
    private final DailySourceSeconds allowance;
    private final QualityMeter quality;

    public EncodeJob(S3Client s3, SourceProbe probes, LadderEncoder encoder, ChunkedLadderEncoder chunkedEncoder,
                     ChunkingSettings chunking, HlsPackager hls, PosterMaker posters,
                     MediaPublisher publisher, List<RungSpec> ladder, PipelineResources resources,
                     WorkDirectory workDirectory, SourceLimits limits, FfmpegLog ffmpegLog,
                     DailySourceSeconds allowance, QualityMeter quality) {
        this.s3 = s3;
        this.probes = probes;
        this.encoder = encoder;
        this.chunkedEncoder = chunkedEncoder;
        this.chunking = chunking;
        this.hls = hls;
        this.posters = posters;
        this.publisher = publisher;
        this.ladder = ladder;
        this.resources = resources;
        this.workDirectory = workDirectory;
        this.limits = limits;
        this.ffmpegLog = ffmpegLog;
        this.allowance = allowance;
        this.quality = quality;
    }

    /**
     * The very bytes the receiver checked: with their ETag pinned, bytes put in their place since
     * (a direct upload's URL stays valid a while after complete) fail the video instead of being
     * encoded in the checked file's name.
     */
    private SourceFile download(Video video, Path file) {
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

    /**
     * @return what the video's READY transition writes
     * @throws dev.videopipeline.encoder.transcode.UnreadableSourceException for a source that can never be encoded
     */
    public VideoChange run(Video video, IntConsumer progress) {
        Path job = workDirectory.newJob(video.id());
        try (var ffmpegLines = ffmpegLog.during(video.id())) {
            SourceFile source = download(video, job.resolve("source"));
            Probe probe = probes.probe(source);
            limits.check(probe);
            allowance.charge(video.owner().id(), video.id(), probe.durationSeconds());
            Path out = Files.createDirectories(job.resolve("out"));
            var rungs = Ladder.forSource(probe.displayWidth(), probe.displayHeight(), ladder);
            List<RenditionFile> files = chunking.applies(probe, source.container())
                    ? chunkedEncoder.encode(source, probe, rungs, chunking.chunkLength(), job.resolve("chunks"), out, progress)
                    : encoder.encode(source, probe, rungs, out, progress);
            List<Quality> qualities = measureQuality(video, source, probe, files);
            hls.packageAll(files, out.resolve("hls"));
            posters.poster(files.get(0), probe.durationSeconds(), out.resolve("poster.jpg"));
            publisher.publish(video.id(), out);
            return VideoChange.with()
                    .probe(probe)
                    .renditions(IntStream.range(0, files.size()).mapToObj(i -> rendition(video, files.get(i), qualities.get(i)))
                            .toList())
                    .hlsMasterKey(ObjectKeys.hlsMaster(video.id()))
                    .posterKey(ObjectKeys.poster(video.id()))
                    .progress(100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            workDirectory.delete(job);
        }
    }

    private static Rendition rendition(Video video, RenditionFile file, Quality quality) {
        var rung = file.rung();
        return new Rendition(rung.name(), rung.width(), rung.height(), rung.videoKbps(),
                ObjectKeys.rendition(video.id(), rung.name()), quality);
    }

    /** What the owner and the operators are told of each rendition; a measure that fails costs the video nothing. */
    private List<Quality> measureQuality(Video video, SourceFile source, Probe probe, List<RenditionFile> files) {
        try {
            return quality.measure(source, probe, files);
        } catch (RuntimeException e) {
            LOG.atWarn().setMessage("quality not measured").addKeyValue("videoId", video.id())
                    .addKeyValue("error", e.getMessage()).log();
            return new ArrayList<>(Collections.nCopies(files.size(), null));
        }
    }
}
