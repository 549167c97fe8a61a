package dev.videopipeline.local;

import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * One row of the bad-input catalogue: an input people send, how it is sent, and what the
 * pipeline must answer and keep. {@link BadInputs} holds the rows; {@link BadInputsIT} runs each
 * against the local pipeline; {@link BadInputsDoc} renders them as {@code docs/bad-inputs.md}.
 *
 * @param section  the part of the table it belongs to
 * @param input    what the input is, as a person would name it
 * @param sent     what the test sends (Markdown)
 * @param expected the answer: refused at the API, or accepted and then READY or FAILED
 * @param kept     what is left behind (Markdown), and whether nothing at all should be
 * @param trial    sends the input; what it returns is checked against {@code expected}
 * @param knownBug why the pipeline does not answer as expected yet, or null: the row then runs but
 *                 is reported as skipped while it fails, and fails once it passes (remove the mark)
 */
record BadInput(String section, String input, String sent, Expected expected, Kept kept, Trial trial,
                String knownBug) {

    /** Sends the input as {@code run}'s owner; returns the answer to check (for an accepted upload, its 202). */
    @FunctionalInterface
    interface Trial {
        Answer send(BadInputRun run) throws Exception;
    }

    /** An HTTP answer: status, Content-Type (or null) and body. */
    record Answer(int statusCode, String contentType, String body) {

        static Answer of(HttpResponse<String> response) {
            Optional<String> type = response.headers().firstValue("Content-Type");
            return new Answer(response.statusCode(), type.orElse(null), response.body());
        }
    }

    /** Further checks of an accepted video once it has its outcome: its JSON and its one mail. */
    @FunctionalInterface
    interface OutcomeCheck {
        void check(BadInputRun run, String id, String video, SentMails.SentMail mail) throws Exception;
    }

    BadInput knownBug(String why) {
        return new BadInput(section, input, sent, expected, kept, trial, why);
    }

    /**
     * What the pipeline must answer. Refused: {@code status} with a problem whose title is
     * {@code title} and whose detail contains {@code reason}. Accepted: {@code 202}, then the video
     * becomes {@code outcome}, FAILED with {@code reason} as its failure reason.
     *
     * @param before what comes first in the table's answer column (a 201 ticket, a 204; for an accepted
     *               video, instead of its 202), or null
     */
    record Expected(String before, int status, String title, String outcome, String reason, OutcomeCheck then) {

        static Expected refused(int status, String title, String detail) {
            return new Expected(null, status, title, null, detail, null);
        }

        static Expected ready() {
            return new Expected(null, 202, null, "READY", null, null);
        }

        static Expected failed(String reason) {
            return new Expected(null, 202, null, "FAILED", reason, null);
        }

        Expected after(String first) {
            return new Expected(first, status, title, outcome, reason, then);
        }

        Expected then(OutcomeCheck check) {
            return new Expected(before, status, title, outcome, reason, check);
        }

        boolean accepted() {
            return outcome != null;
        }

        /** The answer column. */
        String answer() {
            if (accepted()) {
                return (before == null ? "`" + status + "`" : before) + ", then `" + outcome + "`";
            }
            return (before == null ? "" : before + "; then ") + "`" + status + "` " + title;
        }
    }

    /** What is left behind; {@code nothing}: no item for the owner, no new object or open upload in S3. */
    record Kept(String text, boolean nothing) {

        static final Kept NOTHING = new Kept("nothing", true);
        static final Kept READY_VIDEO = new Kept("the video, `READY`, and one mail", false);
        static final Kept FAILED_VIDEO = new Kept("the video, `FAILED` with the reason, and one mail saying why", false);

        static Kept only(String text) {
            return new Kept(text, false);
        }
    }
}
