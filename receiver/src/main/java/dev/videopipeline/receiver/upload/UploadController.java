package dev.videopipeline.receiver.upload;

import dev.videopipeline.receiver.videos.VideoResponse;
import dev.videopipeline.receiver.videos.VideoResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.multipart.StreamingFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;

@Controller("/videos")
@ExecuteOn(TaskExecutors.BLOCKING)
public class UploadController {

    private final VideoUploads uploads;
    private final VideoResponses responses;

    public UploadController(VideoUploads uploads, VideoResponses responses) {
        this.uploads = uploads;
        this.responses = responses;
    }

    /** Send {@code email} and {@code title} before {@code file}: the file is streamed as it arrives. */
    @Operation(summary = "Upload a video (multipart form: email, title?, file)")
    @Post(consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.APPLICATION_JSON)
    HttpResponse<VideoResponse> upload(@Part("email") @NotBlank @Email @Size(max = 254) String email,
                                       @Part("title") @Nullable @Size(max = 200) String title,
                                       @Part("file") StreamingFileUpload file) {
        try (InputStream body = file.asInputStream()) {
            var video = uploads.accept(NewVideo.of(email, title, file.getFilename()), body);
            return HttpResponse.accepted(URI.create("/videos/" + video.id())).body(responses.of(video));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
