package dev.videopipeline.testclips;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Files people upload that are not quite videos: cut short, with headers that lie, or something
 * else under a video's name. Each is made from a real clip of {@link TestClips} or from scratch,
 * deterministically, under a fresh name.
 */
public final class FlawedClips {

    private FlawedClips() {
    }

    /** The first {@code share} (0..1) of {@code clip}'s bytes, as a broken transfer leaves it. */
    public static Path truncated(Path clip, double share) {
        byte[] bytes = Mp4Boxes.read(clip);
        return write(clip, "cut", Arrays.copyOf(bytes, (int) (bytes.length * share)));
    }

    /**
     * {@code mp4} (from {@link TestClips}) with its video track's time scale set to 0: pictures
     * without a clock, 0 frames a second.
     */
    public static Path withoutTimescale(Path mp4) {
        byte[] bytes = Mp4Boxes.read(mp4);
        int mdhd = Mp4Boxes.child(bytes, Mp4Boxes.child(bytes, Mp4Boxes.videoTrack(bytes), "mdia"), "mdhd");
        if (bytes[mdhd + 8] != 0) {
            throw new IllegalArgumentException("a version 1 mdhd box");
        }
        // mdhd v0: header, version and flags, creation and modification times, then the time scale.
        ByteBuffer.wrap(bytes).putInt(mdhd + 20, 0);
        return write(mp4, "no-timescale", bytes);
    }

    /**
     * {@code mp4} (an H.264 clip from {@link TestClips} whose {@code moov} comes last) declaring a
     * picture of {@code width} x {@code height} (multiples of 16) in its SPS, sample entry and
     * track header, over the same small coded pictures: what a decompression bomb looks like.
     */
    public static Path declaringPictureSize(Path mp4, int width, int height) {
        byte[] file = Mp4Boxes.read(mp4);
        List<String> order = Mp4Boxes.topLevel(mp4);
        if (order.indexOf("moov") < order.indexOf("mdat")) {
            throw new IllegalArgumentException("moov before mdat: a longer moov would move the media data");
        }
        int moov = Mp4Boxes.child(file, 0, file.length, "moov");
        int trak = Mp4Boxes.videoTrack(file);
        int tkhd = Mp4Boxes.child(file, trak, "tkhd");
        int mdia = Mp4Boxes.child(file, trak, "mdia");
        int minf = Mp4Boxes.child(file, mdia, "minf");
        int stbl = Mp4Boxes.child(file, minf, "stbl");
        int stsd = Mp4Boxes.child(file, stbl, "stsd");
        int avc1 = stsd + 16; // stsd: header, version and flags, entry count, then the first sample entry
        if (!Mp4Boxes.type(file, avc1).equals("avc1")) {
            throw new IllegalArgumentException("not an H.264 (avc1) track");
        }
        // avc1: header, 78 bytes of visual sample entry fields, then its boxes (avcC, …).
        int avcC = Mp4Boxes.child(file, avc1 + 86, avc1 + Mp4Boxes.size(file, avc1), "avcC");
        // avcC: header, 5 bytes of profile and lengths, the SPS count, then each SPS's length and bytes.
        int spsLength = ((file[avcC + 14] & 0xFF) << 8) | (file[avcC + 15] & 0xFF);
        int spsEnd = avcC + 16 + spsLength;
        byte[] sps = SpsPictureSize.declare(Arrays.copyOfRange(file, avcC + 16, spsEnd), width, height);

        var out = new ByteArrayOutputStream();
        out.write(file, 0, avcC + 14);
        out.write(sps.length >> 8);
        out.write(sps.length & 0xFF);
        out.writeBytes(sps);
        out.write(file, spsEnd, file.length - spsEnd);
        var edited = ByteBuffer.wrap(out.toByteArray());
        int growth = sps.length - spsLength;
        for (int box : new int[] {moov, trak, mdia, minf, stbl, stsd, avc1, avcC}) {
            edited.putInt(box, edited.getInt(box) + growth);
        }
        edited.putShort(avc1 + 32, (short) width);  // sample entry: width, height
        edited.putShort(avc1 + 34, (short) height);
        int tkhdEnd = tkhd + Mp4Boxes.size(file, tkhd); // track header: ends with 16.16 width, height
        edited.putInt(tkhdEnd - 8, width << 16);
        edited.putInt(tkhdEnd - 4, height << 16);
        return write(mp4, "declares-" + width + "x" + height, edited.array());
    }

    /** {@code size} bytes of noise (the same every time), as an encrypted or compressed file looks. */
    public static Path randomBytes(Path dir, int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        try {
            return Files.write(Files.createTempFile(dir, "noise-", ".bin"), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG picture. */
    public static Path png(Path dir, int width, int height) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8);
            }
        }
        try {
            Path file = Files.createTempFile(dir, "picture-", ".png");
            ImageIO.write(image, "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first bytes of a HEIC photo (an ISO file of brand {@code heic}), as a phone's gallery exports it. */
    public static Path heicPhoto(Path dir) {
        var bytes = ByteBuffer.allocate(1024);
        bytes.putInt(24).put("ftypheic".getBytes(StandardCharsets.ISO_8859_1)).putInt(0)
                .put("mif1heic".getBytes(StandardCharsets.ISO_8859_1));
        bytes.putInt(1000).put("meta".getBytes(StandardCharsets.ISO_8859_1));
        try {
            return Files.write(Files.createTempFile(dir, "photo-", ".heic"), bytes.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path original, String what, byte[] bytes) {
        String name = original.getFileName().toString();
        int dot = name.lastIndexOf('.');
        try {
            Path file = Files.createTempFile(original.getParent(), name.substring(0, dot) + "-" + what + "-",
                    name.substring(dot));
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
