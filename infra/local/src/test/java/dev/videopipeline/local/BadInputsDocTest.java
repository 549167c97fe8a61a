package dev.videopipeline.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code docs/bad-inputs.md} is the catalogue {@link BadInputsIT} runs, rendered. */
class BadInputsDocTest {

    @Test
    void docsTableIsTheCatalogueTheTestRuns() throws Exception {
        Path doc = Path.of("").toAbsolutePath().resolve("../..").normalize().resolve(BadInputsDoc.PATH);
        String rendered = BadInputsDoc.render(BadInputs.all(), BadInputsIT.SETTINGS);
        if (Boolean.getBoolean("bad-inputs.write")) {
            Files.writeString(doc, rendered);
        }
        assertThat(Files.exists(doc) ? Files.readString(doc) : "")
                .as("%s is out of date with BadInputs; regenerate it: ./mvnw -pl infra/local test "
                        + "-Dtest=BadInputsDocTest -Dbad-inputs.write=true", BadInputsDoc.PATH)
                .isEqualTo(rendered);
    }

    @Test
    void catalogueHasAtLeastThirtyDistinctInputs() {
        assertThat(BadInputs.all()).hasSizeGreaterThanOrEqualTo(30)
                .extracting(BadInput::input).doesNotHaveDuplicates();
    }
}
