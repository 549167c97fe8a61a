package dev.videopipeline.local;

import dev.videopipeline.local.BadInput.Answer;
import dev.videopipeline.local.BadInput.Expected;
import dev.videopipeline.local.BadInput.Kept;
import dev.videopipeline.local.BadInput.Trial;
import dev.videopipeline.testclips.BroadcastClips;
import dev.videopipeline.testclips.FlawedClips;
import dev.videopipeline.testclips.Mp4Boxes;
import dev.videopipeline.testclips.TestClips;
import dev.videopipeline.testpipeline.Json;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static dev.videopipeline.local.BadInput.Expected.failed;
import static dev.videopipeline.local.BadInput.Expected.ready;
import static dev.videopipeline.local.BadInput.Expected.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalogue: what people send that is not a clean video upload, and what the pipeline must
 * answer. Bad input gets a clear error and loses nothing: a {@code 4xx} problem at the API with
 * nothing stored, or a FAILED video with a reason and one mail; never a silent drop, a stuck
 * video or a crash. The limits quoted are those {@link BadInputsIT#SETTINGS} give the pipeline.
 */
final class BadInputs {

    static final long MAX_UPLOAD_BYTES = 12 * 1024 * 1024;
    static final int PART_BYTES = 5 * 1024 * 1024;

    private static final String CALLER = "Who is calling";
    private static final String FILE = "The file";
    private static final String NAMES = "Names and titles";
    private static final String REQUEST = "The request";
    private static final String IDS = "Ids";
    private static final String DIRECT = "Direct uploads";
    private static final String DELETE = "Deleting";
    private static final String CAMERA = "Cameras, broadcasts and discs";
    private static final String DISGUISED = "Manifests disguised as videos";

    private static final Expected NOT_A_VIDEO = refused(415, "Not a video",
            "The file is not in a video container we read (MP4, MOV, M4V, 3GP, Matroska, WebM, AVI, MPEG-TS, "
                    + "MPEG-PS, FLV, WMV).");
    private static final Expected NO_SUCH_VIDEO = refused(404, "Video not found", "There is no video with id ….");
    private static final Expected NOT_SIGNED_IN = refused(401, "Unauthorized", "Unauthorized");
    private static final Expected NOT_UPLOADED_YET = refused(409, "Not possible now",
            "The file has not been uploaded yet: PUT it to the upload URL first.");
    private static final Expected TOO_LARGE = refused(413, "Video too large",
            "The file is larger than the limit of " + MAX_UPLOAD_BYTES + " bytes.");
    private static final Kept OPEN_UPLOAD = Kept.only("the upload, `UPLOADING`, for the client to finish; removed "
            + "`abandon-after` after its last touch if never completed");

    private static final String STALLS = "no answer until the receiver's idle timeout closes the connection. The "
            + "receiver refuses the file as soon as it passes the limit (a client reading while it sends, like curl "
            + "or a browser, has the answer in under a second), but it neither reads the rest of the body nor closes "
            + "the connection: closing with unread bytes resets it, and the client may lose the answer. Refusals "
            + "below the limit (not a video, quotas) read up to 64 MiB more of the body before answering; past the "
            + "limit, a lingering close (answer, stop writing, drain for a bounded time, then close) is the fix";

    private BadInputs() {
    }

    static List<BadInput> all() {
        return List.of(
                row(CALLER, "no token", "`POST /videos` with a video and no `Authorization`",
                        NOT_SIGNED_IN, Kept.NOTHING,
                        run -> run.uploadAnonymously(run.smallClip(), "clip.mp4", "No token")),
                row(CALLER, "a token we did not sign", "`GET /videos` with `Authorization: Bearer not-a-token`",
                        NOT_SIGNED_IN, Kept.NOTHING,
                        run -> run.sendWithoutToken(run.api.request("/videos").header("Authorization", "Bearer not-a-token"))),
                row(CALLER, "missing email (sign-in)", "`POST /dev/tokens` `{}`",
                        refused(400, "Bad Request", "request.email: must not be blank"), Kept.NOTHING,
                        run -> run.signIn("{}")),
                row(CALLER, "invalid email (sign-in)", "`POST /dev/tokens` `{\"email\":\"ann.example.com\"}`",
                        refused(400, "Bad Request", "request.email: must be a well-formed email address"), Kept.NOTHING,
                        run -> run.signIn("{\"email\":\"ann.example.com\"}")),
                row(CALLER, "email with CRLF (header injection, sign-in)",
                        "`POST /dev/tokens` `{\"email\":\"ann@example.com\\r\\nBcc: eve@example.com\"}`",
                        refused(400, "Bad Request", "request.email: must be a well-formed email address"), Kept.NOTHING,
                        run -> run.signIn("{\"email\":\"ann@example.com\\r\\nBcc: eve@example.com\"}")),

                row(FILE, "zero-byte file", "`POST /videos`, `empty.mp4` of 0 bytes",
                        refused(400, "Invalid request", "The file is empty."), Kept.NOTHING,
                        run -> run.upload(Files.createTempFile(run.dir, "empty", ".mp4"), "empty.mp4", "Empty")),
                row(FILE, "text file named .mp4", "`POST /videos`, `notes.mp4` holding a line of text",
                        NOT_A_VIDEO, Kept.NOTHING,
                        run -> run.upload(text(run.dir, "Meeting notes: bring the holiday video.\n"), "notes.mp4", "Notes")),
                row(FILE, "image file", "`POST /videos`, a PNG picture named `holiday.png`",
                        NOT_A_VIDEO, Kept.NOTHING,
                        run -> run.upload(FlawedClips.png(run.dir, 64, 48), "holiday.png", "Picture")),
                row(FILE, "phone photo (HEIC)", "`POST /videos`, an ISO file of brand `heic` named `IMG_0001.HEIC`",
                        NOT_A_VIDEO, Kept.NOTHING,
                        run -> run.upload(FlawedClips.heicPhoto(run.dir), "IMG_0001.HEIC", "Photo")),
                row(FILE, "audio-only file (M4A)", "`POST /videos`, 1 s of AAC in an M4A file",
                        NOT_A_VIDEO, Kept.NOTHING,
                        run -> run.upload(TestClips.audioOnly(run.dir, 1, true), "song.m4a", "Song")),
                row(FILE, "audio-only file (MP4)", "`POST /videos`, 1 s of AAC in an MP4 of brand `isom`",
                        failed("The file has sound but no picture."), Kept.FAILED_VIDEO,
                        run -> run.upload(TestClips.audioOnly(run.dir, 1, false), "voice.mp4", "Voice")),
                row(FILE, "truncated MP4 (moov missing)",
                        "`POST /videos`, the first half of a 2 s MP4 whose `moov` comes last",
                        failed("The file is not a video we can read."), Kept.FAILED_VIDEO,
                        run -> run.upload(FlawedClips.truncated(moovLast(run.dir), 0.5), "cut.mp4", "Cut")),
                row(FILE, "truncated MP4 (moov first)",
                        "`POST /videos`, the first half of a 2 s MP4 whose `moov` comes first",
                        failed("The file is cut short: only … of its 2.0 seconds could be read."), Kept.FAILED_VIDEO,
                        run -> run.upload(FlawedClips.truncated(TestClips.moovFirst(run.dir, 2, 320, 240), 0.5),
                                "cut.mp4", "Cut")),
                row(FILE, "MP4 with moov at the end", "`POST /videos`, a 1 s MP4 whose `moov` follows its media data",
                        ready(), Kept.READY_VIDEO,
                        run -> run.upload(moovLast(run.dir), "camera.mp4", "Camera")),
                row(FILE, "MP4 with moov first (fast start)", "`POST /videos`, a 1 s MP4 whose `moov` comes first",
                        ready(), Kept.READY_VIDEO,
                        run -> run.upload(TestClips.moovFirst(run.dir, 1, 320, 240), "web.mp4", "Web")),
                row(FILE, "picture larger than 4K", "`POST /videos`, 0.2 s of H.264 at 4096x2304",
                        failed("The picture is larger than we encode (4096x2304; at most 8294400 pixels, about 4K)."),
                        Kept.FAILED_VIDEO,
                        run -> run.upload(TestClips.write(run.dir, TestClips.Kind.MP4, 0.2, 4096, 2304, false, 0),
                                "big.mp4", "Big")),
                row(FILE, "huge declared dimensions",
                        "`POST /videos`, a 320x240 MP4 whose SPS, sample entry and track header say 8192x8192",
                        failed("The picture is larger than we encode (8192x8192; at most 8294400 pixels, about 4K)."),
                        Kept.FAILED_VIDEO,
                        run -> run.upload(FlawedClips.declaringPictureSize(moovLast(run.dir), 8192, 8192),
                                "bomb.mp4", "Bomb")),
                row(FILE, "absurd declared dimensions", "`POST /videos`, the same saying 65536x65536",
                        failed("The video has no picture size we can read."), Kept.FAILED_VIDEO,
                        run -> run.upload(FlawedClips.declaringPictureSize(moovLast(run.dir), 65536, 65536),
                                "bomb.mp4", "Bomb")),
                row(FILE, "0 fps", "`POST /videos`, a 2 s MP4 whose video track's time scale is 0",
                        failed("The file is cut short: only 0.0 of its 2.0 seconds could be read."), Kept.FAILED_VIDEO,
                        run -> run.upload(FlawedClips.withoutTimescale(
                                TestClips.write(run.dir, TestClips.Kind.MP4, 2, 320, 240, false, 0)), "still.mp4", "Still")),
                row(FILE, "variable frame rate", "`POST /videos`, 2 s at 25 fps, then 8.3 fps, with sound",
                        ready(), Kept.READY_VIDEO,
                        run -> run.upload(TestClips.variableFrameRate(run.dir, 2, 320, 240), "phone.mp4", "VFR")),
                row(FILE, "one picture", "`POST /videos`, an MP4 of a single 40 ms picture",
                        ready(), Kept.READY_VIDEO,
                        run -> run.upload(TestClips.write(run.dir, TestClips.Kind.MP4, 0.04, 320, 240, false, 0),
                                "frame.mp4", "Frame")),
                row(FILE, "rotated phone video",
                        "`POST /videos`, 640x360 coded, display matrix -90° (a phone held upright), a white "
                                + "top-left corner",
                        ready().then(OutcomeChecks::upright), Kept.only("the video, `READY`, portrait (360x640) and "
                                + "upright: the marked corner shows top right; one mail"),
                        run -> run.upload(TestClips.cornerMarked(run.dir, 1, 640, 360, -90), "IMG_0002.MP4", "Upright")),
                row(FILE, "uppercase .MOV", "`POST /videos`, a QuickTime file named `HOLIDAY.MOV`",
                        ready().then(OutcomeChecks.originalFilename("HOLIDAY.MOV")), Kept.READY_VIDEO,
                        run -> run.upload(TestClips.write(run.dir, TestClips.Kind.MOV, 1, 160, 120), "HOLIDAY.MOV",
                                "Holiday")),

                row(CAMERA, "clock that starts late (broadcast TS)",
                        "`POST /videos`, 3 s of H.264/AAC in MPEG-TS whose timestamps start at 1.4 s",
                        ready().then(OutcomeChecks::startsAtZeroAndLastsAsLong),
                        Kept.only("the video, `READY`: every rendition starts at 0 and lasts 3 s; one mail"),
                        run -> run.upload(BroadcastClips.shifted(TestClips.write(run.dir, TestClips.Kind.MPEG_TS, 3, 320,
                                240), "mpegts", "ts", 1.4, 0), "broadcast.ts", "Broadcast")),
                row(CAMERA, "MP4 with an edit list", "`POST /videos`, 2 s of H.264/AAC whose edit list starts it at 1 s",
                        ready().then(OutcomeChecks::startsAtZeroAndLastsAsLong),
                        Kept.only("the video, `READY`: every rendition starts at 0 and lasts 2 s; one mail"),
                        run -> run.upload(BroadcastClips.shifted(TestClips.write(run.dir, TestClips.Kind.MP4, 2, 320,
                                240), "mp4", "mp4", 1, 0), "edited.mp4", "Edited")),
                row(CAMERA, "HDV (1440x1080 shown 16:9, interlaced)",
                        "`POST /videos`, 1 s of interlaced MPEG-2 in MPEG-TS, 1440x1080 with 4:3 pixels",
                        ready().then(OutcomeChecks.shownAt(1920, 1080)),
                        Kept.only("the video, `READY`, shown 1920x1080: renditions 16:9 in square pixels, "
                                + "deinterlaced; one mail"),
                        run -> run.upload(BroadcastClips.interlacedMpeg2(run.dir,
                                BroadcastClips.Mpeg2Container.TRANSPORT_STREAM, 1, 1440, 1080, 4, 3), "hdv.m2t", "HDV")),
                row(CAMERA, "16:9 DVD (720x480, interlaced)",
                        "`POST /videos`, 1 s of interlaced MPEG-2 in MPEG-PS, 720x480 with 32:27 pixels",
                        ready().then(OutcomeChecks.shownAt(853, 480)),
                        Kept.only("the video, `READY`, shown 853x480: renditions 16:9 in square pixels, "
                                + "deinterlaced; one mail"),
                        run -> run.upload(BroadcastClips.interlacedMpeg2(run.dir,
                                BroadcastClips.Mpeg2Container.PROGRAM_STREAM, 1, 720, 480, 32, 27), "VTS_01_1.VOB",
                                "DVD")),
                row(CAMERA, "pictures that do not decode (damaged copy)",
                        "`POST /videos`, a 2 s MP4 whose container and sound are intact and whose pictures are noise",
                        failed("The pictures in the file are damaged: none could be decoded."), Kept.FAILED_VIDEO,
                        run -> run.upload(BroadcastClips.garbledPictures(TestClips.write(run.dir, TestClips.Kind.MP4, 2,
                                320, 240)), "damaged.mp4", "Damaged")),

                row(DISGUISED, "DASH manifest", "`POST /videos`, an MPD naming a file on the encoder's disk, "
                                + "starting `<!--free-->` (a QuickTime box name at bytes 4-7)",
                        NOT_A_VIDEO, Kept.NOTHING,
                        run -> run.upload(text(run.dir, "<!--free-->\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" "
                                + "profiles=\"urn:mpeg:dash:profile:isoff-on-demand:2011\"><Period><AdaptationSet>"
                                + "<Representation id=\"1\" bandwidth=\"1\"><BaseURL>" + run.smallClip()
                                + "</BaseURL></Representation></AdaptationSet></Period></MPD>\n"), "movie.mov", "DASH")),
                row(DISGUISED, "HLS playlist", "`POST /videos`, `#EXTfree` then a playlist naming a local file",
                        NOT_A_VIDEO, Kept.NOTHING,
                        run -> run.upload(text(run.dir, "#EXTfree\n#EXTM3U\n#EXTINF:1,\n" + run.smallClip()
                                + "\n#EXT-X-ENDLIST\n"), "movie.mov", "HLS")),
                row(DISGUISED, "ffconcat list", "`POST /videos`, `ffcofree` then a concat list naming a local file",
                        NOT_A_VIDEO, Kept.NOTHING,
                        run -> run.upload(text(run.dir, "ffcofree\nffconcat version 1.0\nfile '" + run.smallClip()
                                + "'\n"), "movie.mov", "Concat")),
                row(DISGUISED, "manifest behind a real box", "`POST /videos`, an 8-byte `free` box, then an MPD",
                        NOT_A_VIDEO, Kept.NOTHING,
                        run -> run.upload(text(run.dir, "\0\0\0\bfree<MPD><Period><AdaptationSet><Representation>"
                                + "<BaseURL>http://169.254.169.254/latest/meta-data/</BaseURL></Representation>"
                                + "</AdaptationSet></Period></MPD>\n"), "movie.mov", "Behind")),

                filename("spaces", "my holiday clip.mp4", "my holiday clip.mp4"),
                filename("unicode", "видео 🎬 (1).mp4", "видео 🎬 (1).mp4"),
                filename("`../../etc/passwd`", "../../etc/passwd", "passwd"),
                filename("NUL", "clip\u0000.mp4", "clip.mp4"),
                filename("1,000 characters", "a".repeat(996) + ".mp4", "a".repeat(255)),
                row(NAMES, "title with CRLF (header injection)",
                        "`POST /videos?title=Holiday%0D%0ABcc:%20eve@example.com`",
                        ready().then(OutcomeChecks::singleLineTitle), Kept.only("the video, `READY`, titled "
                                + "`HolidayBcc: eve@example.com`; one mail, to the owner only, its subject one line"),
                        run -> run.upload(run.smallClip(), "clip.mp4", "Holiday\r\nBcc: eve@example.com")),
                row(NAMES, "title with HTML/script", "`POST /videos?title=<script>alert(1)</script>`",
                        ready().then(OutcomeChecks::titleAsText), Kept.only("the video, `READY`, with that title as "
                                + "text; one mail, whose HTML shows it escaped"),
                        run -> run.upload(run.smallClip(), "clip.mp4", "<script>alert(1)</script>")),
                row(NAMES, "title over 200 characters", "`POST /videos?title=` 201 characters",
                        refused(400, "Bad Request", "title: size must be between 0 and 200"), Kept.NOTHING,
                        run -> run.upload(run.smallClip(), "clip.mp4", "t".repeat(201))),

                row(REQUEST, "oversize upload", "`POST /videos`, a 20 MiB file that starts as an MP4 (limit 12 MiB, "
                                + "parts of 5 MiB), by a client that reads the answer while it sends (curl, browsers)",
                        TOO_LARGE, new Kept("nothing: the parts already stored are aborted", true),
                        run -> run.uploadReadingEarly(TestClips.mp4Padded(run.dir, 20L * 1024 * 1024), "huge.mp4", "Huge")),
                row(REQUEST, "oversize upload, answer read after sending", "the same by a client that sends the "
                                + "whole body before it reads the answer (the JDK's `HttpClient`, Python's `http.client`); "
                                + "answer within 15 s",
                        TOO_LARGE, Kept.NOTHING,
                        run -> run.upload(TestClips.mp4Padded(run.dir, 20L * 1024 * 1024), "huge.mp4", "Huge"))
                        .knownBug(STALLS),
                row(REQUEST, "large file that is not a video", "`POST /videos`, 20 MiB of random bytes named "
                                + "`video.mp4`, by the same client; answer within 15 s",
                        NOT_A_VIDEO, Kept.NOTHING,
                        run -> run.upload(FlawedClips.randomBytes(run.dir, 20 * 1024 * 1024), "video.mp4", "Noise")),
                row(REQUEST, "oversize direct upload", "`POST /videos/uploads` declaring 12 MiB + 1 byte",
                        TOO_LARGE, Kept.NOTHING,
                        run -> run.startDirectUpload("huge.mp4", MAX_UPLOAD_BYTES + 1)),
                row(REQUEST, "multipart without file part", "`POST /videos`, one part named `video`",
                        refused(400, "Bad Request", "Required argument [StreamingFileUpload file] not specified"),
                        Kept.NOTHING,
                        run -> run.multipart("video", "clip.mp4", Files.readAllBytes(run.smallClip()))),
                row(REQUEST, "wrong Content-Type", "`POST /videos` with `Content-Type: video/mp4` and the bytes as the body",
                        refused(415, "Unsupported Media Type", "…multipart/form-data…"), Kept.NOTHING,
                        run -> run.send(run.api.request("/videos").header("Content-Type", "video/mp4")
                                .POST(HttpRequest.BodyPublishers.ofFile(run.smallClip())))),
                row(REQUEST, "malformed JSON", "`POST /videos/uploads` `{\"filename\":`",
                        refused(400, "Invalid JSON", "Invalid JSON: Unexpected end-of-input…"), Kept.NOTHING,
                        run -> run.postJson("/videos/uploads", "{\"filename\":")),
                row(REQUEST, "oversized JSON", "`POST /videos/uploads`, 11 MiB of JSON (a long title)",
                        refused(413, "Request Entity Too Large", "The content length […] exceeds the maximum allowed "
                                + "bufferable length [10485760]…"), Kept.NOTHING,
                        run -> run.postJson("/videos/uploads", "{\"filename\":\"a.mp4\",\"size\":100,\"title\":\""
                                + "t".repeat(11 * 1024 * 1024) + "\"}")),
                row(REQUEST, "size 0 (direct upload)", "`POST /videos/uploads` `{\"filename\":\"a.mp4\",\"size\":0}`",
                        refused(400, "Bad Request", "request.size: must be greater than 0"), Kept.NOTHING,
                        run -> run.startDirectUpload("a.mp4", 0)),

                row(IDS, "unknown id", "`GET /videos/{a random UUID}`", NO_SUCH_VIDEO, Kept.NOTHING,
                        run -> run.get("/videos/" + UUID.randomUUID())),
                row(IDS, "another owner's id", "`GET /videos/{id}` of a video another owner started", NO_SUCH_VIDEO,
                        Kept.NOTHING, BadInputs::anotherOwnersVideo),
                row(IDS, "invalid id format", "`GET /videos/..%2F..%2Fetc%2Fpasswd`",
                        refused(400, "Bad Request", "id: is not a video id"), Kept.NOTHING,
                        run -> run.get("/videos/..%2F..%2Fetc%2Fpasswd")),
                row(IDS, "cursor we did not issue", "`GET /videos?cursor=abc`",
                        refused(400, "Invalid cursor", "the cursor is not one this service returned"), Kept.NOTHING,
                        run -> run.get("/videos?cursor=abc")),

                row(DIRECT, "presigned upload never completed",
                        "`POST /videos/uploads`, the file PUT, no `complete`",
                        NO_SUCH_VIDEO.after("`201`; the video is `UPLOADING` and listed until `abandon-after` (3 h; "
                                + "20 s here)"),
                        new Kept("nothing once `abandon-after` has passed: item, object and parts removed", true),
                        BadInputs::neverCompleted),
                row(DIRECT, "`complete` before the PUT", "`POST /videos/uploads`, then `complete` at once",
                        NOT_UPLOADED_YET, Kept.only("the upload, `UPLOADING`: a PUT and `complete` then make it "
                                + "`READY`"),
                        BadInputs::completedTooSoon),
                row(DIRECT, "`complete` called twice", "`POST /videos/uploads`, PUT, `complete`, `complete`",
                        ready().after("`202` twice"), Kept.READY_VIDEO,
                        BadInputs::completedTwice),
                row(DIRECT, "size mismatch (one PUT)", "`POST /videos/uploads` declaring 100 bytes more than the "
                                + "file; PUT the file; `complete`",
                        NOT_UPLOADED_YET.after("the PUT refused by S3 with `403` (the size is signed into its URL)"),
                        OPEN_UPLOAD, BadInputs::sizeMismatchedPut),
                row(DIRECT, "size mismatch (parts)", "`POST /videos/uploads` declaring 8 MiB (part URLs for 5 MiB "
                                + "and 3 MiB); PUT 5 MiB and 1 MiB; `complete`",
                        refused(409, "Not possible now", "The upload is not finished: 1 parts, 5242880 of 8388608 "
                                + "bytes are stored. Upload every part, then complete again.")
                                .after("the second PUT refused by S3 with `403` (each part's length is signed into its URL)"),
                        OPEN_UPLOAD, BadInputs::sizeMismatchedParts),
                row(DIRECT, "not a video (direct upload)", "`POST /videos/uploads`, a text file PUT, `complete`",
                        NOT_A_VIDEO, new Kept("nothing: the object and the item are deleted (the id answers `404`)", true),
                        BadInputs::directTextFile),

                row(DIRECT, "file replaced after `complete`", "`POST /videos/uploads`, PUT, `complete`; while the "
                                + "encoder is still busy, PUT other bytes of the same size to the still valid URL",
                        failed("The uploaded file was replaced after it was checked: upload the video again."),
                        Kept.FAILED_VIDEO, BadInputs::replacedAfterComplete),

                row(DELETE, "`DELETE` during encoding", "`POST /videos` (6 s, 854x480); `DELETE` once it is `ENCODING`",
                        NO_SUCH_VIDEO.after("`204`"),
                        new Kept("nothing: source, item and every output removed; no mail", true),
                        BadInputs::deletedWhileEncoding)
        );
    }

    private static BadInput row(String section, String input, String sent, Expected expected, Kept kept, Trial trial) {
        return new BadInput(section, input, sent, expected, kept, trial, null);
    }

    /** A small video sent under {@code filename}: accepted, with the name kept as {@code kept} (metadata only). */
    private static BadInput filename(String what, String filename, String kept) {
        return row(NAMES, "filename with " + what,
                "`POST /videos`, a video as `" + (filename.length() > 40 ? filename.substring(0, 12) + "…"
                        + filename.substring(filename.length() - 8) : filename.replace("\u0000", "\\0")) + "`",
                ready().then(OutcomeChecks.originalFilename(kept)),
                Kept.only("the video, `READY`, stored as `uploads/{id}/source` and named `"
                        + (kept.length() > 40 ? "a…a` (255 characters)" : kept + "`") + "; one mail"),
                run -> run.upload(run.smallClip(), filename, "Named"));
    }

    private static Path text(Path dir, String content) throws Exception {
        return Files.writeString(Files.createTempFile(dir, "notes", ".mp4"), content);
    }

    /** A 1 s MP4 as FFmpeg writes it by default: {@code moov} after the media data. */
    private static Path moovLast(Path dir) {
        Path clip = TestClips.write(dir, TestClips.Kind.MP4, 1, 320, 240, true, 0);
        List<String> boxes = Mp4Boxes.topLevel(clip);
        assertThat(boxes.indexOf("moov")).as("boxes " + boxes).isGreaterThan(boxes.indexOf("mdat"));
        return clip;
    }

    private static Answer anotherOwnersVideo(BadInputRun run) throws Exception {
        var other = new BadInputRun(run.pipeline, run.api, run.buckets, run.mails, run.dir);
        var ticket = other.startDirectUpload("theirs.mp4", 1000);
        assertThat(ticket.statusCode()).as(ticket.body()).isEqualTo(201);
        String id = Json.text(ticket.body(), "id");
        assertThat(other.get("/videos/" + id).statusCode()).isEqualTo(200);
        assertThat(run.delete(id).statusCode()).as("another owner's DELETE").isEqualTo(404);
        assertThat(run.complete(id).statusCode()).as("another owner's complete").isEqualTo(404);
        return run.get("/videos/" + id);
    }

    private static Answer neverCompleted(BadInputRun run) throws Exception {
        byte[] clip = Files.readAllBytes(run.smallClip());
        var ticket = run.startDirectUpload("later.mp4", clip.length);
        assertThat(ticket.statusCode()).as(ticket.body()).isEqualTo(201);
        String id = Json.text(ticket.body(), "id");
        assertThat(run.put(Json.text(ticket.body(), "url"), clip)).isEqualTo(200);
        assertThat(Json.text(run.get("/videos/" + id).body(), "status")).isEqualTo("UPLOADING");
        assertThat(run.get("/videos").body()).contains(id);
        assertThat(run.buckets.objects(run.uploadsBucket, "uploads/" + id + "/")).hasSize(1);
        Answer gone = run.awaitVideo(id, Duration.ofSeconds(60), answer -> answer.statusCode() == 404);
        // The sweeper removes the item first (so that a late complete wins), then the object.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> run.buckets.objects(run.uploadsBucket, "uploads/" + id + "/").isEmpty());
        return gone;
    }

    private static Answer completedTooSoon(BadInputRun run) throws Exception {
        byte[] clip = Files.readAllBytes(run.smallClip());
        var ticket = run.startDirectUpload("soon.mp4", clip.length);
        String id = Json.text(ticket.body(), "id");
        var tooSoon = run.complete(id);
        assertThat(Json.text(run.get("/videos/" + id).body(), "status")).isEqualTo("UPLOADING");
        assertThat(run.put(Json.text(ticket.body(), "url"), clip)).isEqualTo(200);
        assertThat(run.complete(id).statusCode()).isEqualTo(202);
        assertThat(Json.text(run.awaitOutcome(id), "status")).isEqualTo("READY");
        run.awaitMail();
        return tooSoon;
    }

    private static Answer completedTwice(BadInputRun run) throws Exception {
        byte[] clip = Files.readAllBytes(run.smallClip());
        var ticket = run.startDirectUpload("twice.mp4", clip.length);
        String id = Json.text(ticket.body(), "id");
        assertThat(run.put(Json.text(ticket.body(), "url"), clip)).isEqualTo(200);
        var first = run.complete(id);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        return run.complete(id);
    }

    private static Answer sizeMismatchedPut(BadInputRun run) throws Exception {
        byte[] clip = Files.readAllBytes(run.smallClip());
        var ticket = run.startDirectUpload("short.mp4", clip.length + 100);
        String id = Json.text(ticket.body(), "id");
        assertThat(run.put(Json.text(ticket.body(), "url"), clip)).as("the PUT of fewer bytes").isEqualTo(403);
        var answer = run.complete(id);
        assertThat(Json.text(run.get("/videos/" + id).body(), "status")).isEqualTo("UPLOADING");
        return answer;
    }

    private static Answer sizeMismatchedParts(BadInputRun run) throws Exception {
        var ticket = run.startDirectUpload("parts.mp4", 8L * 1024 * 1024);
        String id = Json.text(ticket.body(), "id");
        List<String> urls = Pattern.compile("\"url\":\"([^\"]+)\"").matcher(ticket.body()).results()
                .map(m -> m.group(1)).toList();
        assertThat(urls).as(ticket.body()).hasSize(2);
        byte[] first = Files.readAllBytes(TestClips.mp4Padded(run.dir, PART_BYTES));
        assertThat(run.put(urls.get(0), first)).isEqualTo(200);
        assertThat(run.put(urls.get(1), new byte[1024 * 1024])).as("a part shorter than its URL signs").isEqualTo(403);
        var answer = run.complete(id);
        assertThat(Json.text(run.get("/videos/" + id).body(), "status")).isEqualTo("UPLOADING");
        return answer;
    }

    private static Answer directTextFile(BadInputRun run) throws Exception {
        byte[] notes = "Meeting notes: bring the holiday video.\n".getBytes(StandardCharsets.UTF_8);
        var ticket = run.startDirectUpload("notes.mp4", notes.length);
        String id = Json.text(ticket.body(), "id");
        assertThat(run.put(Json.text(ticket.body(), "url"), notes)).isEqualTo(200);
        var answer = run.complete(id);
        assertThat(run.get("/videos/" + id).statusCode()).as("the refused video afterwards").isEqualTo(404);
        return answer;
    }

    /**
     * The encoder must read the checked file and no other. To replace it before the encoder reads it,
     * the (one) encoder is kept busy with another video of the owner's, deleted once the file is replaced.
     */
    private static Answer replacedAfterComplete(BadInputRun run) throws Exception {
        var busy = run.upload(TestClips.write(run.dir, TestClips.Kind.MP4, 6, 854, 480, true, 0), "long.mp4", "Long");
        String busyId = Json.text(busy.body(), "id");
        run.awaitVideo(busyId, Duration.ofSeconds(60),
                answer -> "ENCODING".equals(Json.text(answer.body(), "status")));
        byte[] checked = Files.readAllBytes(TestClips.mp4Padded(run.dir, 64 * 1024));
        byte[] other = Files.readAllBytes(TestClips.mp4Padded(run.dir, 64 * 1024));
        other[other.length - 1] ^= 1;
        var ticket = run.startDirectUpload("swapped.mp4", checked.length);
        String id = Json.text(ticket.body(), "id");
        String url = Json.text(ticket.body(), "url");
        assertThat(run.put(url, checked)).isEqualTo(200);
        var completed = run.complete(id);
        assertThat(run.put(url, other)).as("the URL still takes a PUT").isEqualTo(200);
        assertThat(run.delete(busyId).statusCode()).isEqualTo(204);
        return completed;
    }

    private static Answer deletedWhileEncoding(BadInputRun run) throws Exception {
        var upload = run.upload(TestClips.write(run.dir, TestClips.Kind.MP4, 6, 854, 480, true, 0), "long.mp4", "Long");
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
        String id = Json.text(upload.body(), "id");
        run.awaitVideo(id, Duration.ofSeconds(60), answer -> "ENCODING".equals(Json.text(answer.body(), "status")));
        assertThat(run.delete(id).statusCode()).isEqualTo(204);
        var gone = run.get("/videos/" + id);
        // The encoder ends the job it can no longer finish (it says so in its log, whatever the words);
        // whatever it wrote must not outlive the video.
        run.pipeline.awaitLine(Pattern.compile("encoder *\\| .*(lost|finished|failed|stopped|deleted|dropped|gone|"
                + "abandon|cancel).* videoId=\"" + id + "\""), Duration.ofSeconds(90));
        assertThat(run.mails.to(run.owner)).as("mails about a deleted video").isEmpty();
        assertThat(run.buckets.objects(run.mediaBucket, "media/" + id + "/")).as("its outputs").isEmpty();
        return gone;
    }
}
