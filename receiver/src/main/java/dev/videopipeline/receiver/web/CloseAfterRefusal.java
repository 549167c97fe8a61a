package dev.videopipeline.receiver.web;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import org.reactivestreams.Publisher;

/**
 * An upload refused early (413, 415, 400, 401...) leaves the rest of its body unread. The answer
 * closes the connection: a client still sending learns at once instead of stalling until the idle
 * timeout, and the connection is not reused with unread bytes in it. Reading the rest would cost
 * up to the upload limit per refusal.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
public class CloseAfterRefusal implements HttpServerFilter {

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        return Publishers.map(chain.proceed(request), response -> {
            if (response.code() >= 400 && mayHaveUnreadBody(request)) {
                response.header(HttpHeaders.CONNECTION, "close");
            }
            return response;
        });
    }

    private static boolean mayHaveUnreadBody(HttpRequest<?> request) {
        return HttpMethod.permitsRequestBody(request.getMethod())
                && (request.getContentLength() > 0 || request.getHeaders().contains(HttpHeaders.TRANSFER_ENCODING));
    }
}
