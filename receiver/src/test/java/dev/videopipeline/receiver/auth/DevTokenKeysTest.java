package dev.videopipeline.receiver.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class DevTokenKeysTest {

    @TempDir
    Path dir;

    @Test
    void receiversGivenTheSameFileShareOneKeyThatOnlyTheUserCanRead() throws Exception {
        String file = dir.resolve("pipeline/dev-tokens.key").toString();

        var first = DevTokenKeys.load(file);
        var second = DevTokenKeys.load(file);

        assertThat(second.getPublic()).isEqualTo(first.getPublic());
        assertThat(second.getPrivate()).isEqualTo(first.getPrivate());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(file)))).isEqualTo("rw-------");
    }

    @Test
    void withoutAFileEachReceiverHasItsOwn() {
        assertThat(DevTokenKeys.load("").getPublic()).isNotEqualTo(DevTokenKeys.load("").getPublic());
    }
}
