package dev.videopipeline.mailer.compose;

import dev.videopipeline.common.storage.MediaUrls;
import dev.videopipeline.common.video.Probe;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoStatus;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mail about a video's outcome, from the templates in {@code mail/ready/} and {@code mail/failed/}
 * ({@code subject.txt}, {@code body.html}, {@code body.txt}). Links: the watch page is
 * {@code pipeline.public-base-url} + {@code /?video=<id>}, media files are {@code pipeline.media-base-url} + key.
 */
@Singleton
public class MailComposer {

    /** A rendition as the mail lists it. */
    public record RenditionLink(String name, int width, int height, String url) {
    }

    private final MailTemplates templates;
    private final String publicBaseUrl;
    private final String mediaBaseUrl;

    public MailComposer(MailTemplates templates, @Value("${pipeline.public-base-url}") String publicBaseUrl,
                        @Value("${pipeline.media-base-url}") String mediaBaseUrl) {
        this.templates = templates;
        this.publicBaseUrl = withoutTrailingSlash(publicBaseUrl);
        this.mediaBaseUrl = mediaBaseUrl;
    }

    /** The mail about the video's status, which must be an outcome (READY or FAILED). */
    public Mail compose(Video video) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("title", displayTitle(video));
        variables.put("watchUrl", publicBaseUrl + "/?video=" + video.id());
        variables.put("uploadUrl", publicBaseUrl + "/");
        if (video.status() == VideoStatus.READY) {
            variables.put("duration", video.probe() == null ? null : duration(video.probe()));
            variables.put("posterUrl", video.posterKey() == null ? null : MediaUrls.of(mediaBaseUrl, video.posterKey()));
            variables.put("renditions", renditions(video));
            return render("ready", variables);
        }
        if (video.status() == VideoStatus.FAILED) {
            variables.put("reason", video.failureReason());
            return render("failed", variables);
        }
        throw new IllegalArgumentException("no mail for a video that is " + video.status());
    }

    private Mail render(String mail, Map<String, Object> variables) {
        return new Mail(templates.render(mail + "/subject.txt", variables).strip(),
                templates.render(mail + "/body.html", variables),
                templates.render(mail + "/body.txt", variables));
    }

    private List<RenditionLink> renditions(Video video) {
        return video.renditions().stream()
                .map(r -> new RenditionLink(r.name(), r.width(), r.height(), MediaUrls.of(mediaBaseUrl, r.key())))
                .toList();
    }

    private static String displayTitle(Video video) {
        if (video.title() != null && !video.title().isBlank()) {
            return video.title();
        }
        return video.originalFilename() != null ? video.originalFilename() : "your video";
    }

    /** 0:42, 12:05, 1:02:05. */
    static String duration(Probe probe) {
        long seconds = Math.round(probe.durationSeconds());
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        return hours > 0 ? String.format("%d:%02d:%02d", hours, minutes, seconds % 60)
                : String.format("%d:%02d", minutes, seconds % 60);
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
