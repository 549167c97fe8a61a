package dev.videopipeline.local;

import dev.videopipeline.testclips.TestClips;
import dev.videopipeline.testpipeline.Json;
import dev.videopipeline.testpipeline.PipelineClient;
import dev.videopipeline.testpipeline.PipelineLauncher;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole pipeline end to end, as a user runs it: the launcher's processes (emulators, receiver,
 * mailer, two encoders), a generated video uploaded over HTTP, its outputs fetched and probed, its mail
 * read from the SES emulator; and a longer video encoded in chunks on both encoders, probed as a
 * player plays it.
 */
class LocalPipelineIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern RENDITION = Pattern.compile(
            "\\{\"name\":\"([^\"]+)\",\"width\":(\\d+),\"height\":(\\d+),\"bitrateKbps\":\\d+,\"url\":\"([^\"]+)\"(?:,\"quality\":\\{\"psnr\":([0-9.]+)[^}]*})?}");
    /** Videos this long and more are chunked here (short chunks, so the test stays short). */
    private static final int CHUNKED_FROM_SECONDS = 30;
    private static final int CHUNK_SECONDS = 12;

    static PipelineLauncher pipeline;
    static PipelineClient api;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        // Direct uploads above 8 MiB go in 5 MiB parts (S3's least), so the browser's resume test
        // has a few parts to cut between without a large file.
        pipeline = PipelineLauncher.builder().encoders(2)
                .environment(Map.of("PIPELINE_UPLOAD_DIRECT_MULTIPART_THRESHOLD", String.valueOf(8 << 20),
                        "PIPELINE_UPLOAD_DIRECT_PART_BYTES", String.valueOf(5 << 20),
                        "ENCODER_CHUNKING_THRESHOLD", CHUNKED_FROM_SECONDS + "s",
                        "ENCODER_CHUNKING_CHUNK_LENGTH", CHUNK_SECONDS + "s"))
                .start();
        api = new PipelineClient(pipeline.site());
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void uploadedVideoBecomesReadyWithEveryOutputPlayableAndOneMail() throws Exception {
        String owner = "e2e-" + UUID.randomUUID() + "@example.com";
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 4, 854, 480, true, 0);

        var upload = api.upload(clip, owner, "End to end");

        assertThat(upload.statusCode()).isEqualTo(202);
        String id = Json.text(upload.body(), "id");
        String ready = awaitOutcome(id, owner);
        assertThat(Json.text(ready, "status")).isEqualTo("READY");

        List<Matcher> renditions = renditions(ready);
        assertThat(renditions).extracting(m -> m.group(1)).containsExactly("480p", "360p");
        for (Matcher rendition : renditions) {
            Path file = api.download(rendition.group(4), dir.resolve(rendition.group(1) + ".mp4")).body();
            try (var grabber = new FFmpegFrameGrabber(file.toFile())) {
                grabber.start();
                assertThat(grabber.getVideoCodec()).isEqualTo(avcodec.AV_CODEC_ID_H264);
                assertThat(grabber.getImageWidth()).isEqualTo(Integer.parseInt(rendition.group(2)));
                assertThat(grabber.getImageHeight()).isEqualTo(Integer.parseInt(rendition.group(3)));
                assertThat(grabber.getAudioCodec()).isEqualTo(avcodec.AV_CODEC_ID_AAC);
                assertThat(grabber.getLengthInTime() / 1e6).isBetween(3.9, 4.1);
            }
        }

        String master = Json.text(ready, "hlsUrl");
        List<String> variants = playlistEntries(master);
        assertThat(variants).containsExactly("480p/index.m3u8", "360p/index.m3u8");
        for (String variant : variants) {
            String variantUrl = URI.create(master).resolve(variant).toString();
            String playlist = api.get(variantUrl).body();
            assertThat(playlist).contains("#EXT-X-MAP:URI=\"init.mp4\"", "#EXT-X-ENDLIST");
            assertThat(api.get(URI.create(variantUrl).resolve("init.mp4").toString()).statusCode()).isEqualTo(200);
            List<String> segments = playlistEntries(variantUrl);
            assertThat(segments).isNotEmpty();
            for (String segment : segments) {
                assertThat(api.get(URI.create(variantUrl).resolve(segment).toString()).statusCode())
                        .as(segment).isEqualTo(200);
            }
        }

        Path poster = api.download(Json.text(ready, "posterUrl"), dir.resolve("poster.jpg")).body();
        assertThat(ImageIO.read(poster.toFile()).getWidth()).isEqualTo(854);

        String mail = awaitMail(owner);
        assertThat(mail).contains(pipeline.site() + "/?video=" + id, "End to end");
    }

    @Test
    void aLongVideoIsEncodedInChunksOnBothEncodersAndPlaysWholeWithSoundInSync() throws Exception {
        String owner = "e2e-" + UUID.randomUUID() + "@example.com";
        int seconds = CHUNKED_FROM_SECONDS + 2 * CHUNK_SECONDS;
        int frames = seconds * 25; // TestClips' frame rate
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, seconds, 1280, 720, true, 0);

        var upload = api.upload(clip, owner, "In chunks");

        assertThat(upload.statusCode()).isEqualTo(202);
        String id = Json.text(upload.body(), "id");
        String ready = await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.video(id, owner), json -> List.of("READY", "FAILED").contains(Json.text(json, "status")));
        assertThat(Json.text(ready, "status")).as(ready).isEqualTo("READY");
        Pattern chunkEncoded = Pattern.compile("(encoder-\\d) *\\| .*chunk encoded videoId=\"" + id + "\"");
        assertThat(pipeline.lines(chunkEncoded).stream().map(chunkEncoded::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).distinct())
                .as("encoders that encoded chunks").containsExactlyInAnyOrder("encoder-1", "encoder-2");
        double duration = Json.parse(ready).findValue("durationSeconds").asDouble();
        assertThat(duration).isCloseTo(seconds, within(0.05));

        List<Matcher> renditions = renditions(ready);
        assertThat(renditions).extracting(m -> m.group(1)).containsExactly("720p", "480p", "360p");
        for (Matcher rendition : renditions) {
            String name = rendition.group(1);
            assertThat(rendition.group(5)).as("quality of " + name).isNotNull();
            assertThat(Double.parseDouble(rendition.group(5))).as("PSNR of " + name).isGreaterThan(30);
            Path file = api.download(rendition.group(4), dir.resolve(name + ".mp4")).body();
            assertPlaysWhole(file, name + ".mp4", frames, duration);
            assertSoundInSync(file, name + ".mp4", 0.001);
        }
        // A player streams it: the variant's init segment and its media segments, in the playlist's order.
        String master = Json.text(ready, "hlsUrl");
        for (String variant : playlistEntries(master)) {
            String variantUrl = URI.create(master).resolve(variant).toString();
            Path stream = api.download(URI.create(variantUrl).resolve("init.mp4").toString(),
                    dir.resolve(variant.replace('/', '-') + ".mp4")).body();
            double listed = 0;
            for (String line : api.get(variantUrl).body().lines().toList()) {
                if (line.startsWith("#EXTINF:")) {
                    listed += Double.parseDouble(line.substring("#EXTINF:".length(), line.indexOf(',')));
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    Path segment = api.download(URI.create(variantUrl).resolve(line).toString(),
                            dir.resolve(variant.replace('/', '-') + "-" + line)).body();
                    Files.write(stream, Files.readAllBytes(segment), StandardOpenOption.APPEND);
                }
            }
            assertThat(listed).as("segment durations of " + variant).isCloseTo(duration, within(0.05));
            assertPlaysWhole(stream, variant, frames, duration);
            // The fragments keep the AAC encoder's priming (one block, 1024 samples) ahead of the first
            // picture, where the MP4's edit list trims it: the packager's, whole or chunked alike.
            assertSoundInSync(stream, variant, 1024.0 / 48_000 + 0.001);
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(Buckets.of(pipeline).objects(pipeline.awsProperty("pipeline.uploads-bucket"),
                        "uploads/" + id + "/chunks/")).as("chunk parts left").isEmpty());
        assertThat(awaitMail(owner)).contains(pipeline.site() + "/?video=" + id);
    }

    /** Every picture of the source once (none lost or doubled at a seam), and as long as it within a frame. */
    private static void assertPlaysWhole(Path file, String what, int frames, double duration) throws Exception {
        try (var grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            int pictures = 0;
            long first = -1;
            long last = 0;
            while (grabber.grabImage() != null) {
                pictures++;
                last = grabber.getTimestamp();
                first = first < 0 ? last : first;
            }
            assertThat(pictures).as("pictures of " + what).isEqualTo(frames);
            assertThat((last - first) / 1e6 + 1 / 25.0).as("first to the end of the last picture of " + what)
                    .isCloseTo(duration, within(0.04));
        }
    }

    /** The sound starts where the picture does, within {@code seconds}: no offset crept in at the join. */
    private static void assertSoundInSync(Path file, String what, double seconds) throws Exception {
        try (var grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            var context = grabber.getFormatContext();
            double video = Double.NaN;
            double audio = Double.NaN;
            for (int i = 0; i < context.nb_streams(); i++) {
                var stream = context.streams(i);
                double start = stream.start_time() * stream.time_base().num() / (double) stream.time_base().den();
                if (stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                    video = start;
                } else if (stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_AUDIO) {
                    audio = start;
                }
            }
            assertThat(audio).as("sound's start against the picture's in " + what).isCloseTo(video, within(seconds));
        }
    }

    private static List<Matcher> renditions(String video) {
        return RENDITION.matcher(video).results().map(r -> {
            Matcher m = RENDITION.matcher(r.group());
            m.matches();
            return m;
        }).toList();
    }

    @Test
    void bytesThatOnlyLookLikeAVideoFailWithOneFailureMail() throws Exception {
        String owner = "e2e-" + UUID.randomUUID() + "@example.com";
        // Boxes as an MP4's are (a file type, then media data), but no movie box: nothing to decode.
        byte[] text = "and then nothing a decoder can use".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var bytes = java.nio.ByteBuffer.allocate(24 + 8 + text.length);
        bytes.putInt(24).put("ftypmp42".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(0)
                .put("mp42isom".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(8 + text.length).put("mdat".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put(text);
        Path fake = Files.write(dir.resolve("fake.mp4"), bytes.array());

        var upload = api.upload(fake, owner, "Not really");

        assertThat(upload.statusCode()).isEqualTo(202);
        String id = Json.text(upload.body(), "id");
        String failed = awaitOutcome(id, owner);
        assertThat(Json.text(failed, "status")).isEqualTo("FAILED");
        assertThat(Json.text(failed, "failureReason")).isEqualTo("The file is not a video we can read.");
        assertThat(awaitMail(owner)).contains("The file is not a video we can read.");
    }

    /**
     * The web page in Chromium (Debian's package; see infra/local/browser): upload through the
     * file input with the progress bar moving, READY, playback advancing, a screenshot. Skipped
     * where there is no Chromium, except in CI, which installs it.
     */
    @Test
    void pageUploadsAVideoAndPlaysItInABrowser() throws Exception {
        Path browser = browserTests();
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 6, 640, 360, true, 0);
        Path screenshot = pipeline.root().resolve("infra/local/target/page-test.png");

        int exit = run(browser, Duration.ofMinutes(3), "node", "page-test.mjs", "--base-url", pipeline.site() + "/",
                "--video", clip.toString(), "--email", "browser-" + UUID.randomUUID() + "@example.com",
                "--screenshot", screenshot.toString(), "--chromium", CHROMIUM.toString());

        assertThat(exit).as("page-test.mjs exit code (its last line says why)").isZero();
        assertThat(screenshot).isNotEmptyFile();
    }

    /**
     * The page's direct multipart upload through Uppy in Chromium (resume-test.mjs): cut off
     * mid-upload then back online, and reloaded mid-upload then given the file again; each finishes
     * without sending a stored part again and becomes READY. Skipped as the test above.
     */
    @Test
    void pageResumesAnUploadAfterANetworkCutAndAReloadInABrowser() throws Exception {
        Path browser = browserTests();
        Path first = TestClips.mp4Padded(dir, 26L << 20);
        Path second = TestClips.mp4Padded(dir, 27L << 20);

        int exit = run(browser, Duration.ofMinutes(4), "node", "resume-test.mjs", "--base-url", pipeline.site() + "/",
                "--video", first.toString(), "--second-video", second.toString(),
                "--email", "resume-" + UUID.randomUUID() + "@example.com", "--chromium", CHROMIUM.toString());

        assertThat(exit).as("resume-test.mjs exit code (its last line says why)").isZero();
    }

    /**
     * The page's hosted-UI sign-in (authorization code with PKCE) in Chromium, against stand-ins for
     * the identity provider and the receiver that sign-in-test.mjs starts itself (see
     * infra/local/browser): it uses none of the running pipeline. Skipped as the test above.
     */
    @Test
    void pageSignsInThroughTheHostedUiInABrowser() throws Exception {
        Path browser = browserTests();

        int exit = run(browser, Duration.ofMinutes(1), "node", "sign-in-test.mjs", "--chromium", CHROMIUM.toString());

        assertThat(exit).as("sign-in-test.mjs exit code (its last line says why)").isZero();
    }

    /** The browser tests' folder with its packages installed; skips the test where there is no Chromium but in CI. */
    private static Path browserTests() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) || System.getenv("CI") != null,
                "no Chromium here: apt-get install chromium to run the browser test");
        Path browser = pipeline.root().resolve("infra/local/browser");
        run(browser, Duration.ofMinutes(5), "node", pipeline.root().resolve("tools/npm-ci-if-changed.js").toString(), ".");
        return browser;
    }

    /**
     * Runs a command with its output passed through System.out. Not inheritIO: the test JVM's own
     * stdin and stdout are the test runner's channel, which a child reading or writing corrupts.
     */
    private static int run(Path dir, Duration limit, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        Thread pump = new Thread(() -> process.inputReader().lines().forEach(System.out::println), "child-output");
        pump.setDaemon(true);
        pump.start();
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " ran longer than " + limit);
        }
        pump.join(TimeUnit.SECONDS.toMillis(5));
        return process.exitValue();
    }

    private static String awaitOutcome(String id, String owner) {
        return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.video(id, owner), json -> List.of("READY", "FAILED").contains(Json.text(json, "status")));
    }

    /**
     * The one mail to {@code owner} in the SES emulator's store. Owners are unique per test, and an
     * address appears once per mail in the store's JSON (its destination), so counting it counts mails.
     */
    private static String awaitMail(String owner) {
        String store = pipeline.awsProperty("local-aws.ses-store-url");
        String mails = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get(store).body(), json -> json.contains("\"" + owner + "\""));
        assertThat(mails.split(Pattern.quote("\"" + owner + "\""), -1)).as("one mail").hasSize(2);
        return mails;
    }

    /** The URIs a playlist lists (variants of a master, segments of a variant), in order. */
    private static List<String> playlistEntries(String url) throws Exception {
        return api.get(url).body().lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }
}
