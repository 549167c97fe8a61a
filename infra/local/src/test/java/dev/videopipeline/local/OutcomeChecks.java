package dev.videopipeline.local;

import dev.videopipeline.testpipeline.Json;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What some rows check of their video once it is READY, beyond the status and the one mail. */
final class OutcomeChecks {

    private static final Pattern RENDITION = Pattern.compile(
            "\\{\"name\":\"([^\"]+)\",\"width\":(\\d+),\"height\":(\\d+),\"bitrateKbps\":\\d+,\"url\":\"([^\"]+)\"(?:,\"quality\":\\{\"psnr\":([0-9.]+)[^}]*})?}");

    private OutcomeChecks() {
    }

    static BadInput.OutcomeCheck originalFilename(String expected) {
        return (run, id, video, mail) -> assertThat(Json.text(video, "originalFilename")).isEqualTo(expected);
    }

    /**
     * A phone held upright records a landscape picture and a display matrix turning it a quarter
     * clockwise. Every rendition must be portrait and upright in its pixels, with no rotation
     * left for a player to apply (or to ignore): the coded top-left corner, marked white, shows
     * at the top right.
     */
    static void upright(BadInputRun run, String id, String video, SentMails.SentMail mail) throws Exception {
        assertThat(video).contains("\"rotation\":90");
        List<Matcher> renditions = RENDITION.matcher(video).results()
                .map(result -> RENDITION.matcher(result.group())).peek(Matcher::matches).toList();
        assertThat(renditions).as(video).isNotEmpty();
        for (Matcher rendition : renditions) {
            assertThat(Integer.parseInt(rendition.group(2))).as("width of " + rendition.group(1))
                    .isLessThan(Integer.parseInt(rendition.group(3)));
            // Measured against the source turned upright: a picture compared unturned would score far lower.
            assertThat(rendition.group(5)).as("quality of " + rendition.group(1)).isNotNull();
            assertThat(Double.parseDouble(rendition.group(5))).as("PSNR of " + rendition.group(1)).isGreaterThan(30);
            Path file = run.api.download(rendition.group(4), run.dir.resolve(id + "-" + rendition.group(1) + ".mp4"))
                    .body();
            try (var grabber = new FFmpegFrameGrabber(file.toFile())) {
                grabber.setPixelFormat(avutil.AV_PIX_FMT_GRAY8);
                grabber.start();
                assertThat(grabber.getDisplayRotation()).as("rotation left to the player").isZero();
                assertThat(grabber.getImageWidth()).isEqualTo(Integer.parseInt(rendition.group(2)));
                assertThat(grabber.getImageHeight()).isEqualTo(Integer.parseInt(rendition.group(3)));
                Frame picture = grabber.grabImage();
                int w = picture.imageWidth;
                int h = picture.imageHeight;
                var gray = (ByteBuffer) picture.image[0];
                int stride = picture.imageStride;
                assertThat(mean(gray, stride, w / 2, 0, w, h / 2)).as("top right").isGreaterThan(200);
                assertThat(mean(gray, stride, 0, 0, w / 2, h / 2)).as("top left").isLessThan(60);
                assertThat(mean(gray, stride, 0, h / 2, w, h)).as("bottom half").isLessThan(60);
            }
        }
    }

    /** CR and LF are cleaned from the title before it is stored, so no mail header can be forged with them. */
    static void singleLineTitle(BadInputRun run, String id, String video, SentMails.SentMail mail) throws Exception {
        assertThat(Json.text(video, "title")).isEqualTo("HolidayBcc: eve@example.com");
        assertThat(mail.subject()).contains("HolidayBcc: eve@example.com").doesNotContain("\r", "\n");
        assertThat(mail.recipients()).containsExactly(run.owner);
        assertThat(run.mails.to("eve@example.com")).isEmpty();
    }

    /** A title is text: kept as sent, escaped in the HTML mail. */
    static void titleAsText(BadInputRun run, String id, String video, SentMails.SentMail mail) {
        assertThat(Json.text(video, "title")).isEqualTo("<script>alert(1)</script>");
        assertThat(mail.html()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
    }

    /** The mean grey level of the rectangle [x0, x1) x [y0, y1), margins of an eighth left out. */
    private static double mean(ByteBuffer gray, int stride, int x0, int y0, int x1, int y1) {
        int mx = (x1 - x0) / 8;
        int my = (y1 - y0) / 8;
        long sum = 0;
        long count = 0;
        for (int y = y0 + my; y < y1 - my; y++) {
            for (int x = x0 + mx; x < x1 - mx; x++) {
                sum += gray.get(y * stride + x) & 0xFF;
                count++;
            }
        }
        return (double) sum / count;
    }

    /**
     * Every rendition, probed as a player meets it: its time line starts at 0 and lasts as long as
     * the source (the probe's duration, within a frame and an AAC block), whatever clock the source had.
     */
    static void startsAtZeroAndLastsAsLong(BadInputRun run, String id, String video, SentMails.SentMail mail)
            throws Exception {
        double source = Double.parseDouble(number(video, "durationSeconds"));
        for (Matcher rendition : renditions(video)) {
            try (var grabber = new FFmpegFrameGrabber(download(run, id, rendition).toFile())) {
                grabber.start();
                var context = grabber.getFormatContext();
                assertThat(context.start_time() / 1e6).as("start of " + rendition.group(1)).isCloseTo(0, within(0.001));
                assertThat(context.duration() / 1e6).as("duration of " + rendition.group(1))
                        .isCloseTo(source, within(0.07));
            }
        }
    }

    /** The probe shows the source at {@code width} x {@code height}, and every rendition keeps that shape in square pixels. */
    static BadInput.OutcomeCheck shownAt(int width, int height) {
        return (run, id, video, mail) -> {
            assertThat(number(video, "displayWidth")).isEqualTo(String.valueOf(width));
            assertThat(number(video, "displayHeight")).isEqualTo(String.valueOf(height));
            for (Matcher rendition : renditions(video)) {
                try (var grabber = new FFmpegFrameGrabber(download(run, id, rendition).toFile())) {
                    grabber.start();
                    double shown = grabber.getImageWidth() * grabber.getAspectRatio() / grabber.getImageHeight();
                    assertThat(shown).as("display aspect of " + rendition.group(1))
                            .isCloseTo(width / (double) height, within(width / (double) height * 0.01));
                }
            }
        };
    }

    private static List<Matcher> renditions(String video) {
        List<Matcher> renditions = RENDITION.matcher(video).results()
                .map(result -> RENDITION.matcher(result.group())).peek(Matcher::matches).toList();
        assertThat(renditions).as(video).isNotEmpty();
        return renditions;
    }

    private static Path download(BadInputRun run, String id, Matcher rendition) throws Exception {
        return run.api.download(rendition.group(4), run.dir.resolve(id + "-" + rendition.group(1) + ".mp4")).body();
    }

    private static String number(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\":(-?[0-9.]+)").matcher(json);
        assertThat(matcher.find()).as(name + " in " + json).isTrue();
        return matcher.group(1);
    }
}
