package dev.videopipeline.receiver.auth;

import com.nimbusds.jose.JOSEException;
import dev.videopipeline.receiver.DevOwners;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import dev.videopipeline.receiver.videos.VideoList;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import static dev.videopipeline.receiver.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Who may call what: bearer tokens, owners, and the routes anyone may fetch. */
@LocalAwsTest
@MicronautTest
class AuthIT {

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    VideoRepository videos;

    @Inject
    DevTokens tokens;

    @BeforeEach
    void reset(LocalAws aws) {
        aws.reset();
    }

    @Test
    void theApiWithoutATokenIsAProblemUnauthorizedWithABearerChallenge() {
        var failure = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.GET("/videos")));

        assertThat(failure.getStatus().getCode()).isEqualTo(401);
        assertThat(failure.getResponse().getHeaders().get("WWW-Authenticate")).startsWith("Bearer");
        assertProblem(HttpStatus.UNAUTHORIZED, () -> http.toBlocking().exchange(HttpRequest.GET("/videos")));
        assertProblem(HttpStatus.UNAUTHORIZED, () -> http.toBlocking().exchange(
                HttpRequest.DELETE("/videos/" + UUID.randomUUID())));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"signed by another key", "unsigned", "expired", "garbage"})
    void aTokenThisReceiverCannotTrustIsRefused(String kind) throws JOSEException {
        String token = switch (kind) {
            case "signed by another key" -> signedByAnotherKey();
            case "unsigned" -> new PlainJWT(claims(Instant.now().plusSeconds(600))).serialize();
            case "expired" -> expired();
            default -> "not.a.token";
        };

        assertProblem(HttpStatus.UNAUTHORIZED,
                () -> http.toBlocking().exchange(HttpRequest.GET("/videos").bearerAuth(token)));
    }

    @Test
    void anotherOwnersVideoIsNotFoundAndStaysUntouched() {
        var anns = Video.uploading(UUID.randomUUID().toString(), DevOwners.of("ann@example.com"), "mine", null, null, Instant.now());
        videos.create(anns);

        assertProblem(HttpStatus.NOT_FOUND, () -> http.toBlocking().exchange(as("bob@example.com",
                HttpRequest.GET("/videos/" + anns.id()))));
        assertProblem(HttpStatus.NOT_FOUND, () -> http.toBlocking().exchange(as("bob@example.com",
                HttpRequest.DELETE("/videos/" + anns.id()))));
        var bobs = http.toBlocking().retrieve(as("bob@example.com", HttpRequest.GET("/videos")), VideoList.class);

        assertThat(bobs.videos()).isEmpty();
        assertThat(videos.find(anns.id())).isPresent();
        var own = http.toBlocking().retrieve(as("ANN@example.com", HttpRequest.GET("/videos/" + anns.id())), Map.class);
        assertThat(own).containsEntry("title", "mine");
    }

    @Test
    void devTokensSignInAsTheAddressGivenAndRefuseAnythingElse() {
        Map<?, ?> issued = http.toBlocking().retrieve(HttpRequest.POST("/dev/tokens",
                Map.of("email", "Cy@Example.com")), Map.class);

        var list = http.toBlocking().exchange(HttpRequest.GET("/videos").bearerAuth((String) issued.get("token")),
                VideoList.class);
        assertThat(list.getStatus().getCode()).isEqualTo(200);
        assertProblem(HttpStatus.BAD_REQUEST, () -> http.toBlocking().exchange(HttpRequest.POST("/dev/tokens",
                Map.of("email", "cy@example.com\r\nBcc: all@example.com"))));
        assertProblem(HttpStatus.BAD_REQUEST, () -> http.toBlocking().exchange(HttpRequest.POST("/dev/tokens",
                Map.of("email", ""))));
    }

    @Test
    void thePageTheSignInMethodAndTheHealthNeedNoToken() {
        assertThat(http.toBlocking().exchange(HttpRequest.GET("/")).getStatus().getCode()).isEqualTo(200);
        assertThat(http.toBlocking().exchange(HttpRequest.GET("/app.js")).getStatus().getCode()).isEqualTo(200);
        assertThat(http.toBlocking().retrieve(HttpRequest.GET("/auth/sign-in"), Map.class))
                .containsEntry("method", "dev").containsEntry("url", "/dev/tokens");
        assertThat(http.toBlocking().exchange(HttpRequest.GET("/livez")).getStatus().getCode())
                .isEqualTo(200);
    }

    private <T> MutableHttpRequest<T> as(String email, MutableHttpRequest<T> request) {
        return request.bearerAuth(tokens.issue(email).token());
    }

    private static JWTClaimsSet claims(Instant expiresAt) {
        return new JWTClaimsSet.Builder().subject("ann@example.com").claim("email", "ann@example.com")
                .expirationTime(Date.from(expiresAt)).build();
    }

    private static String signedByAnotherKey() throws JOSEException {
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims(Instant.now().plusSeconds(600)));
        jwt.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
        return jwt.serialize();
    }

    /** Signed with the right key, but out of date by an hour. */
    private String expired() {
        return tokens.issue("ann@example.com", Instant.now().minus(DevTokens.LIFETIME).minusSeconds(3600)).token();
    }
}
