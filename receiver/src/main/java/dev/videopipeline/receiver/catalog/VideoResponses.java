package dev.videopipeline.receiver.catalog;

import dev.videopipeline.common.storage.MediaUrls;
import dev.videopipeline.common.video.Video;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * Builds API views of videos. Media URLs are {@code pipeline.media-base-url} + key: the CloudFront
 * domain in AWS, the local media route on a developer machine; one setting, no code fork.
 */
@Singleton
public class VideoResponses {

    private final String mediaBaseUrl;

    public VideoResponses(@Value("${pipeline.media-base-url}") String mediaBaseUrl) {
        this.mediaBaseUrl = mediaBaseUrl;
    }

    public VideoResponse of(Video v) {
        return new VideoResponse(v.id(), v.status(), v.progress(), v.title(), v.originalFilename(), v.sizeBytes(),
                v.probe(),
                v.renditions().stream().map(r -> new VideoResponse.RenditionResponse(r.name(), r.width(),
                        r.height(), r.bitrateKbps(), url(r.key()), r.quality())).toList(),
                url(v.hlsMasterKey()), url(v.posterKey()), v.failureReason(), v.createdAt(), v.updatedAt());
    }

    private String url(String key) {
        return key == null ? null : MediaUrls.of(mediaBaseUrl, key);
    }
}
