package dev.videopipeline.receiver.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * The dev tokens' signing key. Without a file, one made at startup: tokens hold at this receiver
 * only. With one, the key every receiver of a local pipeline shares, so that a token from one is
 * good at the others behind a load balancer: the first receiver to start writes it, the others
 * read it (written whole, then linked in place in one step that fails if the key is there, so a
 * racing start neither reads half a key nor replaces one).
 */
final class DevTokenKeys {

    private DevTokenKeys() {
    }

    static KeyPair load(String file) {
        try {
            return file.isBlank() ? generate() : shared(Path.of(file));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair shared(Path file) throws IOException, GeneralSecurityException {
        if (!Files.exists(file)) {
            KeyPair made = generate();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path written = Files.createTempFile(file.toAbsolutePath().getParent(), "dev-tokens", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            var base64 = Base64.getEncoder();
            Files.write(written, List.of(base64.encodeToString(made.getPrivate().getEncoded()),
                    base64.encodeToString(made.getPublic().getEncoded())));
            try {
                // A link, not a move: a rename would replace a key another receiver wrote first.
                Files.createLink(file, written);
            } catch (FileAlreadyExistsException anotherReceiverWasFirst) {
                // theirs stays
            } finally {
                Files.delete(written);
            }
        }
        List<String> lines = Files.readAllLines(file);
        var rsa = KeyFactory.getInstance("RSA");
        var base64 = Base64.getDecoder();
        return new KeyPair(rsa.generatePublic(new X509EncodedKeySpec(base64.decode(lines.get(1)))),
                rsa.generatePrivate(new PKCS8EncodedKeySpec(base64.decode(lines.get(0)))));
    }

    private static KeyPair generate() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
