package dev.videopipeline.receiver.web;

import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

@LocalAwsTest
@MicronautTest
@Property(name = "pipeline.auth.sign-in-url", value = SecurityHeadersIT.SIGN_IN_URL)
class SecurityHeadersIT {

    static final String SIGN_IN_URL = "https://pipeline.auth.eu-west-1.amazoncognito.com";

    @Inject
    @Client("/")
    HttpClient http;

    @Test
    void thePageAllowsScriptsFromItsOwnOriginOnlyAndCannotBeFramed(LocalAws aws) {
        var page = http.toBlocking().exchange(HttpRequest.GET("/"), String.class);

        String policy = page.header("Content-Security-Policy");
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        // Direct uploads PUT to the uploads bucket's endpoint.
        URI s3 = URI.create(aws.property("aws.services.s3.endpoint-override"));
        assertThat(policy).containsPattern("connect-src 'self' [^;]*" + Pattern.quote("http://" + s3.getAuthority()));
        // The page redeems its sign-in code at the identity provider.
        assertThat(policy).containsPattern("connect-src [^;]*" + Pattern.quote(SIGN_IN_URL));
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    @Test
    void errorsCarryTheHeadersTooAndTheApiGrantsNoOtherOrigin() {
        var refused = assertThrows(HttpClientResponseException.class, () -> http.toBlocking().exchange(
                HttpRequest.GET("/videos").header("Origin", "https://evil.example")));

        assertThat(refused.getResponse().header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(refused.getResponse().header("Access-Control-Allow-Origin")).isNull();
        var preflight = assertThrows(HttpClientResponseException.class, () -> http.toBlocking().exchange(
                HttpRequest.OPTIONS("/videos").header("Origin", "https://evil.example")
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization")));
        assertThat(preflight.getResponse().header("Access-Control-Allow-Origin")).isNull();
    }
}
