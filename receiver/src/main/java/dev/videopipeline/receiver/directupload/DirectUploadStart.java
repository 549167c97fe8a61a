package dev.videopipeline.receiver.directupload;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.video.Owner;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.receiver.intake.NewVideo;
import dev.videopipeline.receiver.intake.OpenUploads;
import dev.videopipeline.receiver.intake.Rollback;
import dev.videopipeline.receiver.intake.SourceCheck;
import dev.videopipeline.receiver.intake.UploadSettings;
import dev.videopipeline.receiver.quota.Admission;
import dev.videopipeline.receiver.quota.OwnerQuotas;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The start of an upload that bypasses the receiver: the item (UPLOADING, its declared size), the
 * owner's quotas, and the presigned URLs the client PUTs to. The declared size counts against the
 * owner's daily allowance from now; it comes back only if the stored file is refused at complete
 * (an abandoned upload keeps it for the day). Anything failing here undoes what was done.
 */
@Singleton
class DirectUploadStart {

    private final S3Client s3;
    private final UploadUrls urls;
    private final VideoRepository videos;
    private final OpenUploads openUploads;
    private final OwnerQuotas quotas;
    private final PipelineResources resources;
    private final UploadSettings settings;
    private final Clock clock;

    DirectUploadStart(S3Client s3, UploadUrls urls, VideoRepository videos, OpenUploads openUploads,
                      OwnerQuotas quotas, PipelineResources resources, UploadSettings settings, Clock clock) {
        this.s3 = s3;
        this.urls = urls;
        this.videos = videos;
        this.openUploads = openUploads;
        this.quotas = quotas;
        this.resources = resources;
        this.settings = settings;
        this.clock = clock;
    }

    DirectUploadTicket start(DirectUploadRequest request, Owner owner) {
        SourceCheck.requireWithinLimit(request.size(), settings.maxBytes());
        Video video = NewVideo.of(owner, request.title(), request.filename()).uploading(request.size(), clock.instant());
        Admission admission = quotas.admit(video.owner().id(), video.id(), request.size(), video.createdAt());
        try {
            videos.create(video);
            Duration lifetime = urls.lifetime(request.size());
            Instant expiresAt = clock.instant().plus(lifetime);
            var upload = urls.multipart(request.size())
                    ? multipart(video, request.size(), lifetime, expiresAt)
                    : new DirectUploadTicket.Upload("PUT", urls.put(video, request.size(), lifetime), List.of(), null,
                            expiresAt);
            return new DirectUploadTicket(video.id(), upload);
        } catch (RuntimeException e) {
            Rollback.undo(e, () -> openUploads.abortAll(video.id()), () -> videos.delete(video.id()),
                    () -> quotas.giveBack(admission));
            throw e;
        }
    }

    private DirectUploadTicket.Upload multipart(Video video, long size, Duration lifetime, Instant expiresAt) {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()))
                .uploadId();
        return new DirectUploadTicket.Upload("PUT", null, urls.parts(video, uploadId, size, lifetime, urls.partNumbers(size)),
                urls.partSize(size), expiresAt);
    }
}
