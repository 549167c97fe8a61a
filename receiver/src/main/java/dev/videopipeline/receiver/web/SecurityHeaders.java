package dev.videopipeline.receiver.web;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.receiver.auth.AuthSettings;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import org.reactivestreams.Publisher;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;

/**
 * Headers that keep browsers from doing more than the page needs, on every response: no sniffing,
 * no framing, no referrer, and a content security policy that allows scripts and styles from this
 * origin only and network calls to this origin, the media origin, the uploads bucket (direct
 * uploads PUT there) and the identity provider (where the page redeems its sign-in code). The Swagger UI has inline scripts and so no policy.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
public class SecurityHeaders implements HttpServerFilter {

    private final String policy;

    public SecurityHeaders(@Value("${pipeline.media-base-url}") String mediaBaseUrl, S3Client s3,
                           PipelineResources resources, AuthSettings auth) {
        String media = origin(URI.create(mediaBaseUrl));
        String uploads = origin(s3.utilities().getUrl(b -> b.bucket(resources.uploadsBucket()).key("source")).toExternalForm());
        // The page redeems its sign-in code at the identity provider's token endpoint.
        String signIn = auth.signInUrl() == null ? "" : " " + origin(URI.create(auth.signInUrl()));
        this.policy = String.join("; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data: " + media,
                // hls.js feeds the player through Media Source Extensions (blob:) and runs a worker from one.
                "media-src 'self' blob: " + media,
                "worker-src 'self' blob:",
                "connect-src 'self' " + media + " " + uploads + signIn,
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'");
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        return Publishers.map(chain.proceed(request), response -> {
            addHeaders(request, response);
            return response;
        });
    }

    private void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header("X-Content-Type-Options", "nosniff");
        response.header("X-Frame-Options", "DENY");
        response.header("Referrer-Policy", "no-referrer");
        if (!request.getPath().startsWith("/swagger-ui")) {
            response.header("Content-Security-Policy", policy);
        }
    }

    private static String origin(String url) {
        return origin(URI.create(url));
    }

    /** A relative base (media served by this receiver) is this origin: 'self' says it already. */
    private static String origin(URI url) {
        return url.getScheme() == null ? "'self'" : url.getScheme() + "://" + url.getAuthority();
    }
}
