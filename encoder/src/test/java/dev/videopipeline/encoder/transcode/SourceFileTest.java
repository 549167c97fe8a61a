package dev.videopipeline.encoder.transcode;

import dev.videopipeline.common.video.Container;
import dev.videopipeline.testclips.TestClips;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Manifests dressed as videos: a DASH manifest with a QuickTime box name where a file type goes,
 * naming a video on this machine's disk or a fragment on a listener this test holds, and playlists
 * naming both. The encoder must read none of what they name. (FFmpeg itself refuses network
 * protocols for what a local file names; the files on the disk it opens.)
 */
class SourceFileTest {

    @TempDir
    Path dir;

    private ServerSocket listener;

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(1);
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    @Test
    void withoutTheRulesFfmpegDecodesTheFileADisguisedDashManifestNames() throws Exception {
        Path manifest = dashManifest(TestClips.mp4(dir, 2).toString());

        try (var grabber = new FFmpegFrameGrabber(manifest.toFile())) {
            grabber.start();
            assertThat(grabber.getFormat()).as("the danger this class guards against").isEqualTo("dash");
            assertThat(grabber.grabImage()).isNotNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void disguisedDashManifestIsNotAVideoWhicheverContainerWasRecorded(Container recorded) throws Exception {
        for (String named : new String[] {TestClips.mp4(dir, 2).toString(), fragmentOnTheListener()}) {
            Path manifest = dashManifest(named);

            assertThatThrownBy(() -> new SourceProbe().probe(new SourceFile(manifest, recorded)))
                    .isInstanceOf(UnreadableSourceException.class);
        }
        assertThat(connected()).isFalse();
    }

    @Test
    void playlistsNamingFilesOnThisMachineOpenNothing() throws Exception {
        Path local = TestClips.mp4(dir, 2);
        Path concat = Files.writeString(dir.resolve("list.mp4"), "ffconcat version 1.0\nfile '" + local + "'\n");
        Path hls = Files.writeString(dir.resolve("playlist.mp4"), "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n"
                + local + "\n#EXTINF:2,\nhttp://127.0.0.1:" + listener.getLocalPort() + "/x.ts\n#EXT-X-ENDLIST\n");

        for (Path playlist : new Path[] {concat, hls}) {
            for (Container recorded : Container.values()) {
                assertThatThrownBy(() -> new SourceProbe().probe(new SourceFile(playlist, recorded)))
                        .as(playlist + " as " + recorded).isInstanceOf(UnreadableSourceException.class);
            }
        }
        assertThat(connected()).isFalse();
    }

    @Test
    void realFileOfTheRecordedContainerOpens() {
        Path clip = TestClips.write(dir, TestClips.Kind.MPEG_TS, 1, 160, 120);

        assertThat(new SourceProbe().probe(new SourceFile(clip, Container.MPEG_TS)).videoCodec()).isEqualTo("h264");
        assertThatThrownBy(() -> new SourceProbe().probe(new SourceFile(clip, Container.MATROSKA)))
                .as("not what it was recorded as").isInstanceOf(UnreadableSourceException.class);
    }

    private String fragmentOnTheListener() {
        return "http://127.0.0.1:" + listener.getLocalPort() + "/fragment.mp4";
    }

    private Path dashManifest(String named) throws IOException {
        // Bytes 4-7 read "free": a QuickTime box name, as the receiver's old four-byte check wanted.
        return Files.writeString(Files.createTempFile(dir, "movie-", ".mov"), "<!--free-->\n"
                + "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" profiles=\"urn:mpeg:dash:profile:isoff-on-demand:2011\""
                + " type=\"static\" mediaPresentationDuration=\"PT4S\" minBufferTime=\"PT1S\"><Period>"
                + "<AdaptationSet mimeType=\"video/mp4\"><Representation id=\"1\" bandwidth=\"100000\" width=\"320\""
                + " height=\"180\"><BaseURL>" + named + "</BaseURL></Representation></AdaptationSet>"
                + "</Period></MPD>\n");
    }

    /** Whether anything connected to the listener: a connection made is in its backlog already. */
    private boolean connected() throws IOException {
        try (var ignored = listener.accept()) {
            return true;
        } catch (SocketTimeoutException none) {
            return false;
        }
    }
}
