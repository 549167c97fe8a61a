package dev.videopipeline.receiver.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import dev.videopipeline.testpipeline.Json;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receiver as deployed (the {@code aws} environment): ID tokens from an identity provider,
 * checked against its keys (served here by a stand-in JWKS endpoint on loopback), issuer and app
 * client, and every other check failing closed. Dev tokens are off, as in AWS.
 */
@LocalAwsTest
@MicronautTest(environments = "aws")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployedAuthIT implements TestPropertyProvider {

    private static final String ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test";
    private static final String CLIENT_ID = "web-client";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final RSAKey key;
    private final HttpServer jwks;

    DeployedAuthIT() throws JOSEException, IOException {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] keys = new JWKSet(key.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
        jwks.start();
    }

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        String jwksUrl = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json";
        Map<String, String> properties = new HashMap<>();
        properties.put("PIPELINE_AUTH_JWKS_URL", jwksUrl);
        properties.put("PIPELINE_AUTH_ISSUER", ISSUER);
        properties.put("PIPELINE_AUTH_CLIENT_ID", CLIENT_ID);
        properties.put("PIPELINE_AUTH_SIGN_IN_URL", "https://sign-in.example.com");
        properties.put("PIPELINE_MEDIA_DISTRIBUTION_ID", "E2STANDIN");
        properties.put("pipeline.auth.dev-tokens", "false");
        return properties;
    }

    @AfterAll
    void stopJwks() {
        jwks.stop(0);
    }

    @Test
    void anIdTokenOfTheUserPoolSignsIn() throws Exception {
        assertThat(list(token(claims -> { }))).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"another issuer", "another audience", "an access token", "no token_use", "no subject",
            "expired"})
    void aTokenThatIsNotThisPoolsIdTokenIsUnauthorized(String kind) throws Exception {
        String token = token(claims -> {
            switch (kind) {
                case "another issuer" -> claims.issuer("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other");
                case "another audience" -> claims.audience("another-client");
                case "an access token" -> claims.claim("token_use", "access");
                case "no token_use" -> claims.claim("token_use", null);
                case "no subject" -> claims.subject(null);
                default -> claims.expirationTime(Date.from(Instant.now().minusSeconds(600)));
            }
        });

        assertThat(list(token)).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"email_verified missing", "email_verified false", "email_verified the text false",
            "email_verified a number", "no email", "an email that is no address"})
    void aTokenWithoutAVerifiedAddressIsUnauthorized(String kind) throws Exception {
        String token = token(claims -> {
            switch (kind) {
                case "email_verified missing" -> claims.claim("email_verified", null);
                case "email_verified false" -> claims.claim("email_verified", false);
                case "email_verified the text false" -> claims.claim("email_verified", "false");
                case "email_verified a number" -> claims.claim("email_verified", 1);
                case "no email" -> claims.claim("email", null);
                default -> claims.claim("email", "ann");
            }
        });

        assertThat(list(token)).isEqualTo(401);
    }

    @Test
    void theOwnerIsTheSubjectNotTheAddress() throws Exception {
        String first = token(claims -> claims.subject("sub-first"));
        String reRegistered = token(claims -> claims.subject("sub-second"));
        var created = HTTP.send(HttpRequest.newBuilder(uri("/videos/uploads")).header("Authorization", "Bearer " + first)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"filename\":\"a.mp4\",\"size\":1000}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Json.text(created.body(), "id");

        assertThat(get("/videos/" + id, first)).isEqualTo(200);
        assertThat(get("/videos/" + id, reRegistered)).as("same address, another account").isEqualTo(404);
    }

    @Test
    void theApiDescriptionAndItsUiAreNotServed() throws Exception {
        assertThat(get("/swagger-ui/index.html", null)).isEqualTo(404);
        assertThat(get("/swagger/openapi.yml", null)).isEqualTo(404);
    }

    private String token(Consumer<JWTClaimsSet.Builder> change) throws JOSEException {
        var claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(CLIENT_ID).subject(UUID.randomUUID().toString())
                .claim("email", "ann@example.com").claim("email_verified", true).claim("token_use", "id")
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600)));
        change.accept(claims);
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private int list(String token) throws Exception {
        return get("/videos", token);
    }

    private int get(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(uri(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }
}
