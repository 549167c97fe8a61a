package dev.videopipeline.receiver.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.videopipeline.common.video.Owner;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.security.token.jwt.signature.rsa.RSASignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Tokens for any address, signed with a key made at startup or shared by a local pipeline's
 * receivers ({@link DevTokenKeys}), so that the local pipeline and the tests work without an
 * identity provider. Being an {@link RSASignatureConfiguration}, the key also
 * checks them. Off unless {@code pipeline.auth.dev-tokens} is true, and never outside the local and
 * test environments, whatever a deployment's configuration says.
 */
@Singleton
@Named("dev-tokens")
@Requires(env = {"local", Environment.TEST})
@Requires(property = "pipeline.auth.dev-tokens", value = "true")
public class DevTokens implements RSASignatureConfiguration {

    static final Duration LIFETIME = Duration.ofHours(12);
    private static final Logger LOG = LoggerFactory.getLogger(DevTokens.class);

    private final KeyPair keys;
    private final Clock clock;

    /** @param keyFile where the receivers of one local pipeline share the key; empty: this receiver's own */
    public DevTokens(Clock clock, @Value("${pipeline.auth.dev-tokens-key-file:}") String keyFile) {
        this.clock = clock;
        this.keys = DevTokenKeys.load(keyFile);
        LOG.atWarn().setMessage("dev tokens on: anyone can sign in as any address").log();
    }

    @Override
    public RSAPublicKey getPublicKey() {
        return (RSAPublicKey) keys.getPublic();
    }

    public DevToken issue(String email) {
        return issue(email, clock.instant());
    }

    /** The subject of an address's tokens: the same at every start, like an account's {@code sub}. */
    public static String subjectOf(String email) {
        String address = Owner.normalize(email);
        return "dev-" + UUID.nameUUIDFromBytes(address.getBytes(StandardCharsets.UTF_8));
    }

    /** As if issued at {@code now}: the tests' expired tokens. */
    DevToken issue(String email, Instant now) {
        String address = Owner.normalize(email);
        Instant expiresAt = now.plus(LIFETIME);
        // Shaped like the identity provider's ID tokens, which the receiver checks the same way.
        var claims = new JWTClaimsSet.Builder().subject(subjectOf(address)).claim("email", address)
                .claim("email_verified", true).claim("token_use", "id").issuer("video-pipeline-local").issueTime(Date.from(now)).expirationTime(Date.from(expiresAt)).build();
        var token = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            token.sign(new RSASSASigner(keys.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return new DevToken(token.serialize(), expiresAt);
    }
}
