package dev.videopipeline.local;

import dev.videopipeline.local.BadInput.Expected;
import dev.videopipeline.testpipeline.Json;
import dev.videopipeline.testpipeline.PipelineClient;
import dev.videopipeline.testpipeline.PipelineLauncher;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The bad-input catalogue ({@link BadInputs}, also {@code docs/bad-inputs.md}) against one local
 * pipeline: each row's input sent as a fresh owner, its answer, reason, what is stored and the
 * mails checked. Refused inputs must leave nothing; accepted ones end READY or FAILED with one mail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputsIT {

    /** Limits small enough to reach quickly; the sweeper acts within seconds rather than hours. */
    static final Map<String, String> SETTINGS = settings();

    static PipelineLauncher pipeline;
    static PipelineClient api;
    static Buckets buckets;
    static SentMails mails;
    static final List<String> refusedOwners = new CopyOnWriteArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        pipeline = PipelineLauncher.builder().encoders(1).environment(SETTINGS).start();
        api = new PipelineClient(pipeline.site());
        buckets = Buckets.of(pipeline);
        mails = new SentMails(api, pipeline);
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> everyBadInputGetsItsAnswerAndLosesNothing() {
        return BadInputs.all().stream()
                .map(row -> DynamicTest.dynamicTest(row.section() + ": " + row.input(), () -> run(row)));
    }

    /** After every row: no refused input has led to a mail, and every service is still up. */
    @Test
    @Order(2)
    void noMailForRefusedInputsAndNoServiceDown() throws Exception {
        Set<String> mailed = mails.all().stream().flatMap(mail -> mail.recipients().stream()).collect(Collectors.toSet());
        assertThat(refusedOwners).as("owners of refused inputs").isNotEmpty().noneMatch(mailed::contains);
        for (String service : List.of("receiver", "mailer", "encoder")) {
            assertThat(pipeline.service(service).isAlive()).as(service).isTrue();
        }
    }

    /** A row marked as a known bug is skipped while it fails, and fails once it passes: the mark must go. */
    private static void run(BadInput row) throws Exception {
        try {
            check(row);
        } catch (AssertionError | ConditionTimeoutException failed) {
            if (row.knownBug() == null) {
                throw new AssertionError(row.section() + ", " + row.input() + ": " + failed.getMessage(), failed);
            }
            abort("known bug: " + row.knownBug() + "; now: " + failed.getMessage());
        }
        if (row.knownBug() != null) {
            fail("'" + row.input() + "' passes now: remove its knownBug mark in BadInputs and regenerate "
                    + BadInputsDoc.PATH);
        }
    }

    private static void check(BadInput row) throws Exception {
        var run = new BadInputRun(pipeline, api, buckets, mails, dir);
        Set<String> objectsBefore = buckets.objects(run.uploadsBucket, "uploads/");
        Set<String> openBefore = buckets.openUploads(run.uploadsBucket, "uploads/");

        BadInput.Answer answer = row.trial().send(run);

        Expected expected = row.expected();
        if (expected.accepted()) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(expected.status());
            String id = Json.text(answer.body(), "id");
            String video = run.awaitOutcome(id);
            assertThat(Json.text(video, "status")).as(video).isEqualTo(expected.outcome());
            String reason = Json.text(video, "failureReason");
            if (expected.reason() == null) {
                assertThat(reason).isNull();
            } else {
                assertThat(reason).matches(pattern(expected.reason()));
            }
            SentMails.SentMail mail = run.awaitMail();
            assertThat(mail.recipients()).containsExactly(run.owner);
            assertThat(mail.text()).contains(reason == null ? "/?video=" + id : reason);
            assertThat(added(objectsBefore, buckets.objects(run.uploadsBucket, "uploads/")))
                    .as("objects stored").containsExactly("uploads/" + id + "/source");
            assertThat(added(openBefore, buckets.openUploads(run.uploadsBucket, "uploads/"))).as("open uploads").isEmpty();
            if (expected.then() != null) {
                expected.then().check(run, id, video, mail);
            }
            return;
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(expected.status());
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(Json.text(answer.body(), "title")).isEqualTo(expected.title());
        assertThat(Json.text(answer.body(), "detail")).matches(pattern(expected.reason()));
        if (row.kept().nothing()) {
            refusedOwners.add(run.owner);
            assertThat(run.get("/videos").body()).as("the owner's videos").contains("\"videos\":[]");
            assertThat(added(objectsBefore, buckets.objects(run.uploadsBucket, "uploads/"))).as("objects stored").isEmpty();
            assertThat(added(openBefore, buckets.openUploads(run.uploadsBucket, "uploads/"))).as("open uploads").isEmpty();
            assertThat(mails.to(run.owner)).as("mails").isEmpty();
        }
    }

    private static Set<String> added(Set<String> before, Set<String> after) {
        var added = new HashSet<>(after);
        added.removeAll(before);
        return added;
    }

    /** The table's text as a pattern: "…" stands for any text. */
    private static Pattern pattern(String text) {
        return Pattern.compile(Stream.of(text.split("…", -1)).map(Pattern::quote).collect(Collectors.joining(".*")),
                Pattern.DOTALL);
    }

    private static Map<String, String> settings() {
        var settings = new LinkedHashMap<String, String>();
        settings.put("PIPELINE_MAX_UPLOAD_BYTES", String.valueOf(BadInputs.MAX_UPLOAD_BYTES));
        settings.put("PIPELINE_UPLOAD_PART_BYTES", String.valueOf(BadInputs.PART_BYTES));
        settings.put("PIPELINE_UPLOAD_DIRECT_MULTIPART_THRESHOLD", String.valueOf(6 * 1024 * 1024));
        settings.put("PIPELINE_UPLOAD_DIRECT_PART_SIZE_BYTES", String.valueOf(BadInputs.PART_BYTES));
        settings.put("PIPELINE_PRESIGN_EXPIRY", "15s");
        settings.put("PIPELINE_UPLOAD_ABANDON_AFTER", "20s");
        settings.put("PIPELINE_SWEEP_INTERVAL", "2s");
        return settings;
    }
}
