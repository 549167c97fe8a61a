package dev.videopipeline.receiver.directupload;

import dev.videopipeline.receiver.auth.Caller;
import dev.videopipeline.receiver.catalog.VideoResponse;
import dev.videopipeline.receiver.catalog.VideoIds;
import dev.videopipeline.receiver.catalog.VideoResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import java.net.URI;
import java.util.List;
import java.util.Set;

@Controller("/videos")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class DirectUploadController {

    private final DirectUploadStart starts;
    private final DirectUploadCompletion completions;
    private final DirectUploadResume resumes;
    private final VideoResponses responses;

    DirectUploadController(DirectUploadStart starts, DirectUploadCompletion completions, DirectUploadResume resumes,
                           VideoResponses responses) {
        this.starts = starts;
        this.completions = completions;
        this.resumes = resumes;
        this.responses = responses;
    }

    @Operation(summary = "Start a direct upload to S3 (presigned PUT, or presigned parts for large files)")
    @Post("/uploads")
    HttpResponse<DirectUploadTicket> start(@Body @Valid DirectUploadRequest request, Authentication caller) {
        var ticket = starts.start(request, Caller.of(caller));
        return HttpResponse.created(ticket, URI.create("/videos/" + ticket.id()));
    }

    @Operation(summary = "Resume a direct upload: the parts S3 holds, and fresh URLs for those still missing "
            + "and for any asked for with ?part= (a part re-sent because its answer was lost)")
    @Get("/{id}/upload")
    UploadProgress progress(@Pattern(regexp = VideoIds.PATTERN, message = VideoIds.MESSAGE) String id,
                            @QueryValue @Nullable List<@Positive Integer> part, Authentication caller) {
        return resumes.progress(id, part == null ? Set.of() : Set.copyOf(part), Caller.of(caller));
    }

    @Operation(summary = "Finish a direct upload: the stored file is checked and queued for encoding")
    @Post("/{id}/complete")
    HttpResponse<VideoResponse> complete(@Pattern(regexp = VideoIds.PATTERN, message = VideoIds.MESSAGE) String id,
                                         Authentication caller) {
        var video = completions.complete(id, Caller.of(caller));
        return HttpResponse.accepted(URI.create("/videos/" + video.id())).body(responses.of(video));
    }
}
