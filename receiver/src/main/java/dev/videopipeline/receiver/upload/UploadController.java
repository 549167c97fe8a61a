package dev.videopipeline.receiver.upload;

import dev.videopipeline.receiver.intake.NewVideo;
import dev.videopipeline.common.video.Owner;
import dev.videopipeline.receiver.auth.Caller;
import dev.videopipeline.receiver.catalog.VideoResponse;
import dev.videopipeline.receiver.catalog.VideoResponses;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.multipart.StreamingFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import java.net.URI;

@Controller("/videos")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class UploadController {

    private final VideoUploads uploads;
    private final VideoResponses responses;
    private final Validator validator;

    public UploadController(VideoUploads uploads, VideoResponses responses, Validator validator) {
        this.uploads = uploads;
        this.responses = responses;
        this.validator = validator;
    }

    /**
     * The file is the form's only part and is streamed to S3 as it arrives; the title comes in the
     * query string (see {@link UploadQuery} for why), the owner is the caller.
     */
    @Operation(summary = "Upload a video: a multipart form whose one part is file")
    @Parameter(name = "title", in = ParameterIn.QUERY, description = "up to 200 characters")
    @Post(consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.APPLICATION_JSON)
    HttpResponse<VideoResponse> upload(HttpRequest<?> request, StreamingFileUpload file, Authentication caller) {
        var query = UploadQuery.of(request.getParameters());
        Owner owner;
        try {
            var violations = validator.validate(query);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
            owner = Caller.of(caller);
        } catch (RuntimeException e) {
            file.discard(); // read and drop the rest, so the client gets the answer instead of a stall
            throw e;
        }
        var video = uploads.accept(NewVideo.of(owner, query.title(), file.getFilename()), request.getContentLength(),
                file);
        return HttpResponse.accepted(URI.create("/videos/" + video.id())).body(responses.of(video));
    }
}
