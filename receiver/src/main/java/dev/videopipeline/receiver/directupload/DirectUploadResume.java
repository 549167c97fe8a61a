package dev.videopipeline.receiver.directupload;

import dev.videopipeline.common.video.Owner;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.receiver.catalog.OwnedVideos;
import dev.videopipeline.receiver.intake.OpenUploads;
import dev.videopipeline.receiver.problem.ApiProblem;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /videos/{id}/upload}, for a client that lost its place (a dropped link, a reload): the
 * parts S3 holds, and fresh URLs, each signing its part's length, for those still missing, and for
 * stored parts the client asks for again: a part whose PUT reached S3 but whose answer was lost is
 * re-sent, and S3 keeps the last copy of a part number. Asking
 * keeps the upload open: it stamps the item, and the sweeper removes an upload only
 * {@code abandon-after} after its last stamp. Nothing is charged again: the quotas counted the
 * declared size once, at the start.
 */
@Singleton
class DirectUploadResume {

    private final OwnedVideos owned;
    private final VideoRepository videos;
    private final OpenUploads openUploads;
    private final UploadUrls urls;
    private final StoredSource stored;
    private final Clock clock;

    DirectUploadResume(OwnedVideos owned, VideoRepository videos, OpenUploads openUploads, UploadUrls urls,
                       StoredSource stored, Clock clock) {
        this.owned = owned;
        this.videos = videos;
        this.openUploads = openUploads;
        this.urls = urls;
        this.stored = stored;
        this.clock = clock;
    }

    UploadProgress progress(String videoId, Set<Integer> again, Owner owner) {
        Video video = owned.find(videoId, owner);
        if (video.status() == VideoStatus.UPLOADING && video.sizeBytes() == null) {
            throw ApiProblem.conflict("This video is being uploaded through POST /videos, which cannot be resumed: "
                    + "upload it again.");
        }
        // Checked before anything is stamped or listed: a bad request changes nothing.
        List<Integer> all = video.status() == VideoStatus.UPLOADING ? urls.partNumbers(video.sizeBytes()) : List.of();
        if (video.status() == VideoStatus.UPLOADING && !all.containsAll(again)) {
            throw ApiProblem.badRequest("This upload has parts 1 to " + all.size() + ".");
        }
        if (video.status() != VideoStatus.UPLOADING || !videos.touch(video.id(), VideoStatus.UPLOADING)) {
            Video now = videos.find(video.id()).orElseThrow(() -> ApiProblem.notFound(video.id()));
            throw ApiProblem.conflict("The upload is over: the video is " + now.status() + ".");
        }
        long size = video.sizeBytes();
        Duration lifetime = urls.resumedLifetime();
        Instant expiresAt = clock.instant().plus(lifetime);
        if (!urls.multipart(size)) {
            return new UploadProgress(video.id(), List.of(), new DirectUploadTicket.Upload("PUT",
                    urls.put(video, size, lifetime), List.of(), null, expiresAt));
        }
        var upload = openUploads.of(video.id()).stream().findFirst().orElseThrow(() -> ApiProblem.conflict(
                "The parts are joined already: complete the upload."));
        List<UploadProgress.StoredPart> held = stored.parts(video, upload.uploadId()).stream()
                .map(p -> new UploadProgress.StoredPart(p.partNumber(), p.size(), p.eTag())).toList();
        Set<Integer> numbers = held.stream().map(UploadProgress.StoredPart::partNumber).collect(Collectors.toSet());
        List<Integer> toSend = all.stream().filter(n -> !numbers.contains(n) || again.contains(n)).toList();
        return new UploadProgress(video.id(), held, new DirectUploadTicket.Upload("PUT", null,
                urls.parts(video, upload.uploadId(), size, lifetime, toSend), urls.partSize(size), expiresAt));
    }
}
