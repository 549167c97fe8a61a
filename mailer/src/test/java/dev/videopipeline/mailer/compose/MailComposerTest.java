package dev.videopipeline.mailer.compose;

import dev.videopipeline.common.video.Probe;
import dev.videopipeline.common.video.Owner;
import dev.videopipeline.common.video.Rendition;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailComposerTest {

    private static final String ID = "6f0c2a8e-1b7d-4c1e-9a55-0d1f2e3a4b5c";

    private final MailComposer composer = new MailComposer(new MailTemplates(), "https://videos.example.com/",
            "https://media.example.com");

    @Test
    void readyMailHasTitleDurationWatchLinkPosterAndRenditionsInBothParts() {
        Mail mail = composer.compose(ready("Holiday", 3725.4, "media/" + ID + "/poster.jpg"));

        String watch = "https://videos.example.com/?video=" + ID;
        assertThat(mail.subject()).isEqualTo("Your video \"Holiday\" is ready to watch");
        assertThat(mail.html()).contains("Holiday", "1:02:05", "href=\"" + watch + "\"",
                "src=\"https://media.example.com/media/" + ID + "/poster.jpg\"",
                "href=\"https://media.example.com/media/" + ID + "/720p.mp4\"", ">720p<", "1280×720", ">360p<");
        assertThat(mail.text()).contains("Your video \"Holiday\" is ready (1:02:05).", "Watch it: " + watch,
                "Poster: https://media.example.com/media/" + ID + "/poster.jpg",
                "- 720p (1280x720): https://media.example.com/media/" + ID + "/720p.mp4",
                "- 360p (640x360): https://media.example.com/media/" + ID + "/360p.mp4");
    }

    @Test
    void titleIsEscapedInHtmlAndLeftAsWrittenInText() {
        String title = "<script>alert('x')</script> Tom & \"Jerry\"";

        Mail mail = composer.compose(ready(title, 5, null));

        assertThat(mail.html()).doesNotContain("<script>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Tom &amp; &quot;Jerry&quot;");
        assertThat(mail.text()).contains(title);
        assertThat(mail.subject()).contains(title);
    }

    @Test
    void readyMailWithoutPosterOrTitleNamesTheFileAndShowsNoImage() {
        Video video = ready(null, 42, null);

        Mail mail = composer.compose(video);

        assertThat(mail.subject()).isEqualTo("Your video \"clip.mov\" is ready to watch");
        assertThat(mail.html()).doesNotContain("<img");
        assertThat(mail.text()).doesNotContain("Poster:").contains("(0:42)");
    }

    @Test
    void failedMailGivesTheReasonAndWhatToDo() {
        Mail mail = composer.compose(failed("The video is longer than the 2-hour limit."));

        assertThat(mail.subject()).isEqualTo("We could not get your video \"Holiday\" ready");
        for (String part : List.of(mail.html(), mail.text())) {
            assertThat(part).contains("The video is longer than the 2-hour limit.", "upload it again",
                    "try another file", "https://videos.example.com/");
        }
    }

    @Test
    void failedMailWithoutAReasonSaysSoPlainly() {
        Mail mail = composer.compose(failed(null));

        assertThat(mail.text()).contains("Something went wrong while we processed it.").doesNotContain("Why:");
        assertThat(mail.html()).contains("Something went wrong while we processed it.").doesNotContain("Why:");
    }

    @Test
    void onlyOutcomesHaveAMail() {
        Video encoding = video(VideoStatus.ENCODING, "Holiday", null, List.of(), null, null);

        assertThatThrownBy(() -> composer.compose(encoding)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Video ready(String title, double seconds, String posterKey) {
        return video(VideoStatus.READY, title, Probe.of(seconds, 1920, 1080, "h264", "aac", 0, 30),
                List.of(new Rendition("720p", 1280, 720, 2800, "media/" + ID + "/720p.mp4"),
                        new Rendition("360p", 640, 360, 800, "media/" + ID + "/360p.mp4")), posterKey, null);
    }

    private static Video failed(String reason) {
        return video(VideoStatus.FAILED, "Holiday", null, List.of(), null, reason);
    }

    private static Video video(VideoStatus status, String title, Probe probe, List<Rendition> renditions,
                               String posterKey, String reason) {
        return new Video(ID, new Owner("ann", "ann@example.com"), title, "clip.mov", 10L, "uploads/" + ID + "/source", null, status, 100,
                probe, renditions, null, posterKey, reason, 1, 0, null, null, Instant.now(), Instant.now(), 3);
    }
}
