package dev.videopipeline.receiver.videos;

import dev.videopipeline.common.video.OwnerEmail;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.receiver.problem.ApiProblem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

@Controller("/videos")
@ExecuteOn(TaskExecutors.BLOCKING)
public class VideoController {

    private final VideoRepository videos;
    private final VideoResponses responses;
    private final VideoRemoval removal;

    public VideoController(VideoRepository videos, VideoResponses responses, VideoRemoval removal) {
        this.videos = videos;
        this.responses = responses;
        this.removal = removal;
    }

    @Operation(summary = "A video's status, progress, probe, renditions and failure reason")
    @Get("/{id}")
    VideoResponse get(@Pattern(regexp = VideoIds.PATTERN, message = VideoIds.MESSAGE) String id) {
        return videos.find(id).map(responses::of).orElseThrow(() -> ApiProblem.notFound(id));
    }

    @Operation(summary = "An owner's videos, newest first, a page at a time")
    @Get
    VideoList list(@QueryValue @NotBlank @Email String email,
                   @QueryValue(defaultValue = "20") @Min(1) @Max(100) int limit,
                   @QueryValue @Nullable String cursor) {
        var page = videos.listByOwner(OwnerEmail.normalize(email), limit, cursor);
        return new VideoList(page.videos().stream().map(responses::of).toList(), page.nextCursor());
    }

    @Operation(summary = "Delete a video and all its files")
    @Delete("/{id}")
    HttpResponse<Void> delete(@Pattern(regexp = VideoIds.PATTERN, message = VideoIds.MESSAGE) String id) {
        removal.remove(videos.find(id).orElseThrow(() -> ApiProblem.notFound(id)));
        return HttpResponse.noContent();
    }
}
