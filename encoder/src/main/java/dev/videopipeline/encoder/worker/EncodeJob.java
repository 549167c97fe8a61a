package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.storage.ObjectKeys;
import dev.videopipeline.common.video.Probe;
import dev.videopipeline.common.video.Quality;
import dev.videopipeline.common.video.Rendition;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoChange;
import dev.videopipeline.encoder.fairuse.DailySourceSeconds;
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
 * from one decode (or, for a long video, chunk by chunk on as many encoders as are free:
 * {@link ChunkedEncode}), measure their quality, package HLS, make the poster, publish. Local files
 * live in a job directory that is always removed.
 */
@Singleton
public class EncodeJob {

    private static final Logger LOG = LoggerFactory.getLogger(EncodeJob.class);

    private final SourceDownload downloads;
    private final SourceProbe probes;
    private final LadderEncoder encoder;
    private final ChunkedEncode chunked;
    private final ChunkingSettings chunking;
    private final HlsPackager hls;
    private final PosterMaker posters;
    private final MediaPublisher publisher;
    private final List<RungSpec> ladder;
    private final WorkDirectory workDirectory;
    private final SourceLimits limits;
    private final FfmpegLog ffmpegLog;
    private final DailySourceSeconds allowance;
    private final QualityMeter quality;

    EncodeJob(SourceDownload downloads, SourceProbe probes, LadderEncoder encoder, ChunkedEncode chunked,
              ChunkingSettings chunking, HlsPackager hls, PosterMaker posters,
              MediaPublisher publisher, List<RungSpec> ladder,
              WorkDirectory workDirectory, SourceLimits limits, FfmpegLog ffmpegLog,
              DailySourceSeconds allowance, QualityMeter quality) {
        this.downloads = downloads;
        this.probes = probes;
        this.encoder = encoder;
        this.chunked = chunked;
        this.chunking = chunking;
        this.hls = hls;
        this.posters = posters;
        this.publisher = publisher;
        this.ladder = ladder;
        this.workDirectory = workDirectory;
        this.limits = limits;
        this.ffmpegLog = ffmpegLog;
        this.allowance = allowance;
        this.quality = quality;
    }

    /**
     * @return what the video's READY transition writes
     * @throws dev.videopipeline.encoder.transcode.UnreadableSourceException for a source that can never be encoded
     */
    public VideoChange run(Video video, IntConsumer progress) {
        Path job = workDirectory.newJob(video.id());
        try (var ffmpegLines = ffmpegLog.during(video.id())) {
            SourceFile source = downloads.download(video, job.resolve("source"));
            Probe probe = probes.probe(source);
            limits.check(probe);
            allowance.charge(video.owner().id(), video.id(), probe.durationSeconds());
            Path out = Files.createDirectories(job.resolve("out"));
            var rungs = Ladder.forSource(probe.displayWidth(), probe.displayHeight(), ladder);
            List<RenditionFile> files = chunking.applies(probe, source.container())
                    ? chunked.encode(video, source, probe, rungs, job, out, progress)
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
