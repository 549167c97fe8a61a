package dev.videopipeline.encoder.worker;

import dev.videopipeline.common.messaging.ChunkRequested;
import dev.videopipeline.common.messaging.ReceivedMessage;
import dev.videopipeline.common.video.ChunkClaims;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.encoder.transcode.ChunkPlan;
import dev.videopipeline.encoder.transcode.FfmpegLog;
import dev.videopipeline.encoder.transcode.Ladder;
import dev.videopipeline.encoder.transcode.RungSpec;
import dev.videopipeline.encoder.transcode.SourceProbe;
import dev.videopipeline.encoder.transcode.UnreadableSourceException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * What one chunk request becomes: the chunk's claim, its encode under a {@link ChunkLeases lease},
 * its parts stored and recorded ({@link ChunkWork}), and only then the message's deletion. Requests
 * are hints ({@link ChunkRequested}): one for a chunk that is done, held, or no longer wanted goes
 * at once, and one that keeps failing is given up to the video's own encoder, which encodes every
 * chunk nobody holds.
 */
@Singleton
class ChunkRequests {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkRequests.class);

    private final VideoRepository videos;
    private final ChunkClaims chunks;
    private final ChunkLeases leases;
    private final ChunkWork work;
    private final ChunkParts parts;
    private final SourceDownload downloads;
    private final SourceProbe probes;
    private final List<RungSpec> ladder;
    private final WorkDirectory workDirectory;
    private final FfmpegLog ffmpegLog;
    private final EncoderSettings settings;

    ChunkRequests(VideoRepository videos, ChunkClaims chunks, ChunkLeases leases, ChunkWork work, ChunkParts parts,
                  SourceDownload downloads, SourceProbe probes, List<RungSpec> ladder, WorkDirectory workDirectory,
                  FfmpegLog ffmpegLog, EncoderSettings settings) {
        this.videos = videos;
        this.chunks = chunks;
        this.leases = leases;
        this.work = work;
        this.parts = parts;
        this.downloads = downloads;
        this.probes = probes;
        this.ladder = ladder;
        this.workDirectory = workDirectory;
        this.ffmpegLog = ffmpegLog;
        this.settings = settings;
    }

    void handle(ChunkRequested request, ReceivedMessage message) {
        var video = videos.find(request.videoId());
        if (video.isEmpty()) {
            // Deleted mid-way: a part stored after the deletion swept the upload must not outlive it.
            parts.removeAll(request.videoId());
            message.delete();
            LOG.atInfo().setMessage("chunk request for a deleted video dropped").addKeyValue("videoId", request.videoId())
                    .addKeyValue("chunk", request.chunk()).log();
            return;
        }
        var attempt = chunks.claim(request.videoId(), request.plan(), request.chunk(), settings.lease());
        if (attempt.isEmpty()) {
            message.delete();
            LOG.atInfo().setMessage("chunk request dropped; the chunk is done, held or no longer wanted")
                    .addKeyValue("videoId", request.videoId()).addKeyValue("chunk", request.chunk()).log();
            return;
        }
        var lease = leases.hold(request, attempt.getAsInt(), message);
        Path job = workDirectory.newJob(request.videoId() + "-chunk-" + request.chunk());
        try (var ffmpegLines = ffmpegLog.during(request.videoId())) {
            var source = downloads.download(video.get(), job.resolve("source"));
            var probe = probes.probe(source);
            var rungs = Ladder.forSource(probe.displayWidth(), probe.displayHeight(), ladder);
            var plan = ChunkPlan.parse(request.plan(), rungs);
            if (plan.isEmpty() || request.chunk() >= plan.get().chunks().size()) {
                // Another version's ladder (a rolling update): the video's own encoder does the chunk.
                LOG.atWarn().setMessage("chunk plan is not for this encoder's ladder; left to the video's encoder")
                        .addKeyValue("videoId", request.videoId()).addKeyValue("plan", request.plan()).log();
                lease.end();
                chunks.release(request.videoId(), request.plan(), request.chunk(), lease.attempt());
                message.delete();
                return;
            }
            work.encode(source, probe, rungs, plan.get(), request, lease, job.resolve("parts"), pictures -> { });
            message.delete();
        } catch (UnreadableSourceException e) {
            // The source itself (its download or probe) fails here; ChunkWork has recorded a chunk's own failure.
            lease.end();
            chunks.fail(request.videoId(), request.plan(), request.chunk(), lease.attempt(), e.getMessage());
            message.delete();
        } catch (RuntimeException e) {
            lease.end();
            if (lease.lost()) {
                // Handed back (a fresh request is in its place), or taken over, or the video failed or went.
                if (!lease.handedBack()) {
                    message.delete();
                }
                LOG.atInfo().setMessage("chunk stopped").addKeyValue("videoId", request.videoId())
                        .addKeyValue("chunk", request.chunk()).log();
                return;
            }
            chunks.release(request.videoId(), request.plan(), request.chunk(), lease.attempt());
            LOG.atWarn().setMessage("chunk failed; will be retried").addKeyValue("videoId", request.videoId())
                    .addKeyValue("chunk", request.chunk()).addKeyValue("receiveCount", message.receiveCount())
                    .setCause(e).log();
            if (message.receiveCount() >= settings.maxAttempts()) {
                // Not to the dead-letter queue: the video's own encoder takes the chunk up.
                message.delete();
            }
        } finally {
            lease.end();
            workDirectory.delete(job);
        }
    }
}
