package dev.videopipeline.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code docs/bad-inputs.md}, rendered from the catalogue that {@link BadInputsIT} runs. */
final class BadInputsDoc {

    static final String PATH = "docs/bad-inputs.md";

    private BadInputsDoc() {
    }

    static String render(List<BadInput> rows, Map<String, String> settings) {
        var doc = new StringBuilder("""
                # Bad inputs

                <!-- Generated from infra/local/src/test/java/dev/videopipeline/local/BadInputs.java; do not edit.
                     Regenerate: ./mvnw -pl infra/local test -Dtest=BadInputsDocTest -Dbad-inputs.write=true -->

                What the pipeline answers to everything people send that is not a clean video upload. Bad input
                gets a clear error and loses nothing: a `4xx` with an `application/problem+json` body at the API
                and nothing stored, or, once a file has been accepted, a `FAILED` video with a reason and one mail
                saying why. Never a silent drop, a video stuck on its way, or a crash.

                Each row is a case of `BadInputsIT` (`infra/local`), which runs them all against one local
                pipeline (the launcher's processes) and checks the answer, the reason, what is stored (the item,
                the S3 objects and open multipart uploads) and the mails, for a fresh owner each. "Nothing" means
                no item for the owner, no new object or open upload in the uploads bucket and no mail.
                The pipeline runs there with small limits, so that they are quick to reach:

                """);
        settings.forEach((name, value) -> doc.append("- `").append(name).append('=').append(value).append("`\n"));
        doc.append("\nProduction values are in [architecture, Configuration](architecture.md#configuration).\n");

        Map<String, List<BadInput>> sections = rows.stream()
                .collect(Collectors.groupingBy(BadInput::section, LinkedHashMap::new, Collectors.toList()));
        sections.forEach((section, inSection) -> {
            doc.append("\n## ").append(section).append("\n\n")
                    .append("| input | what is sent | answer | reason shown to the user | what is kept |\n")
                    .append("|---|---|---|---|---|\n");
            for (BadInput row : inSection) {
                doc.append("| ").append(cell(row.input())).append(row.knownBug() == null ? "" : " (known bug)")
                        .append(" | ").append(cell(row.sent()))
                        .append(" | ").append(cell(row.expected().answer()))
                        .append(" | ").append(row.expected().reason() == null ? "–" : "\"" + cell(row.expected().reason()) + "\"")
                        .append(" | ").append(cell(row.kept().text()))
                        .append(" |\n");
            }
        });

        List<BadInput> bugs = rows.stream().filter(row -> row.knownBug() != null).toList();
        if (!bugs.isEmpty()) {
            doc.append("\n## Known bugs\n\nThe table says what the pipeline must do; these rows do not do it yet. ")
                    .append("Their tests run and are reported as skipped while they fail, and fail once they pass, ")
                    .append("so that the mark is removed.\n\n");
            bugs.forEach(row -> doc.append("- **").append(row.input()).append("**: ").append(row.knownBug()).append(".\n"));
        }
        return doc.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
