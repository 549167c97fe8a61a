package dev.videopipeline.receiver.videos;

import dev.videopipeline.receiver.catalog.VideoIds;
import dev.videopipeline.receiver.catalog.VideoRemoval;
import dev.videopipeline.receiver.catalog.OwnedVideos;
import dev.videopipeline.receiver.catalog.VideoResponses;
import dev.videopipeline.receiver.catalog.VideoResponse;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.receiver.auth.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import java.net.URI;

@Controller("/videos")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class VideoController {

    private final VideoRepository videos;
    private final OwnedVideos owned;
    private final VideoResponses responses;
    private final VideoRemoval removal;
    private final VideoRetry retry;

    public VideoController(VideoRepository videos, OwnedVideos owned, VideoResponses responses, VideoRemoval removal,
                           VideoRetry retry) {
        this.videos = videos;
        this.owned = owned;
        this.responses = responses;
        this.removal = removal;
        this.retry = retry;
    }

    @Operation(summary = "A video's status, progress, probe, renditions and failure reason")
    @Get("/{id}")
    VideoResponse get(@Pattern(regexp = VideoIds.PATTERN, message = VideoIds.MESSAGE) String id, Authentication caller) {
        return responses.of(owned.find(id, Caller.of(caller)));
    }

    @Operation(summary = "The caller's videos, newest first, a page at a time")
    @Get
    VideoList list(@QueryValue(defaultValue = "20") @Min(1) @Max(100) int limit,
                   @QueryValue @Nullable String cursor, Authentication caller) {
        var page = videos.listByOwner(Caller.of(caller).id(), limit, cursor);
        return new VideoList(page.videos().stream().map(responses::of).toList(), page.nextCursor());
    }

    @Operation(summary = "Queue a failed video again")
    @Post("/{id}/retry")
    HttpResponse<VideoResponse> retry(@Pattern(regexp = VideoIds.PATTERN, message = VideoIds.MESSAGE) String id,
                                      Authentication caller) {
        var video = retry.retry(owned.find(id, Caller.of(caller)));
        return HttpResponse.accepted(URI.create("/videos/" + id)).body(responses.of(video));
    }

    @Operation(summary = "Delete a video and all its files")
    @Delete("/{id}")
    HttpResponse<Void> delete(@Pattern(regexp = VideoIds.PATTERN, message = VideoIds.MESSAGE) String id,
                              Authentication caller) {
        removal.remove(owned.find(id, Caller.of(caller)));
        return HttpResponse.noContent();
    }
}
