package dev.videopipeline.common.storage;

/**
 * The public URL of a media object: {@code pipeline.media-base-url} (CloudFront, or the receiver's
 * {@code /media} route locally) joined to the object's key by exactly one slash, whether or not the
 * configured base ends with one. The API and the mails build their links here, so they agree.
 */
public final class MediaUrls {

    private MediaUrls() {
    }

    public static String of(String baseUrl, String key) {
        return (baseUrl.endsWith("/") ? baseUrl : baseUrl + "/") + key;
    }
}
