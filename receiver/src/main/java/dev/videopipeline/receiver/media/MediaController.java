package dev.videopipeline.receiver.media;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The media bucket over HTTP where no CDN serves it (a developer machine): playlists, segments,
 * renditions and posters at {@code /media/...}, the path being the object's key. In AWS CloudFront
 * serves the same keys and {@code pipeline.media.serve=false} turns this route off. Like the CDN's,
 * these URLs need no token: a video's id is a random UUID that only its owner is told.
 */
@Controller("/media")
@Secured(SecurityRule.IS_ANONYMOUS)
@Requires(property = "pipeline.media.serve", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
public class MediaController {

    private final MediaFiles files;

    public MediaController(MediaFiles files) {
        this.files = files;
    }

    @Get("/{+path}")
    HttpResponse<?> get(String path, @Header(HttpHeaders.RANGE) @Nullable String range) {
        return files.open(path, range);
    }
}
