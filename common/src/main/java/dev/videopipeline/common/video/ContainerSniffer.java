package dev.videopipeline.common.video;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises a video container from the first bytes of a file: the receiver, to accept an upload;
 * the encoder, for a source recorded before the receiver recorded its container. The client's Content-Type and file
 * name say nothing reliable; the magic numbers do. Audio-only and still-image members of the ISO
 * family (M4A, HEIC, AVIF) are refused here rather than failing later in the encoder. For the
 * ISO/QuickTime family four bytes prove nothing (a text manifest can carry {@code free} at bytes
 * 4-7), so the boxes the head holds must chain as a real file's top level does: known types, sane
 * sizes, each starting where the last one ends.
 */
public final class ContainerSniffer {

    /** Enough for every signature below, including three MPEG-TS packets. */
    public static final int HEAD_BYTES = 600;

    private static final Set<String> NON_VIDEO_BRANDS = Set.of(
            "M4A ", "M4B ", "M4P ", "F4A ", "F4B ", "mp3 ",
            "heic", "heix", "heim", "heis", "mif1", "msf1", "avif", "avis", "jpx ", "jp2 ", "crx ");

    private static final long MAX_BOX_BYTES = 1L << 48;

    private static final Set<String> QUICKTIME_ATOMS = Set.of("moov", "mdat", "wide", "free", "skip", "pnot");

    /** The boxes ISO/IEC 14496-12 and QuickTime define at the top level, and some that cameras add there. */
    private static final Set<String> TOP_LEVEL_BOXES = Set.of(
            "ftyp", "styp", "pdin", "moov", "moof", "mfra", "mdat", "meta", "free", "skip", "wide", "pnot",
            "PICT", "uuid", "sidx", "ssix", "prft", "emsg", "udta", "junk", "prfl");

    private ContainerSniffer() {
    }

    /** @param fileSize the whole file's size, or -1 while it is not known yet */
    public static Optional<Container> sniff(byte[] head, int length, long fileSize) {
        byte[] b = Arrays.copyOf(head, length);
        if (ascii(b, 4, 4).equals("ftyp")) {
            return NON_VIDEO_BRANDS.contains(ascii(b, 8, 4)) || !boxesChain(b, fileSize)
                    ? Optional.empty() : Optional.of(Container.ISO_MP4);
        }
        if (QUICKTIME_ATOMS.contains(ascii(b, 4, 4))) {
            return boxesChain(b, fileSize) ? Optional.of(Container.QUICKTIME) : Optional.empty();
        }
        if (startsWith(b, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
            return Optional.of(Container.MATROSKA);
        }
        if (ascii(b, 0, 4).equals("RIFF") && ascii(b, 8, 4).equals("AVI ")) {
            return Optional.of(Container.AVI);
        }
        if (transportStream(b, 0, 188) || transportStream(b, 4, 192)) {
            return Optional.of(Container.MPEG_TS);
        }
        if (startsWith(b, 0, 0x00, 0x00, 0x01, 0xBA)) {
            return Optional.of(Container.MPEG_PS);
        }
        if (ascii(b, 0, 3).equals("FLV") && b.length > 3 && b[3] == 1) {
            return Optional.of(Container.FLV);
        }
        if (startsWith(b, 0, 0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11)) {
            return Optional.of(Container.ASF);
        }
        return Optional.empty();
    }

    /**
     * Walks the top-level boxes whose headers lie within the head: each at least as long as its
     * header and followed by another or by the end. Once the file's size is known, the first box
     * must end within it (text read as a box size is megabytes long), and so must a box of a type
     * not in {@link #TOP_LEVEL_BOXES} (any four printable characters may name a box, and text can
     * read as one); a known box may run past the end, as in a file cut short, which the encoder
     * then refuses with that reason. A 64-bit size is read as such; size 0 means "to the end".
     */
    private static boolean boxesChain(byte[] b, long fileSize) {
        long at = 0;
        while (at + 8 <= b.length) {
            long size = ByteBuffer.wrap(b, (int) at, 4).getInt() & 0xFFFFFFFFL;
            String type = ascii(b, (int) at + 4, 4);
            boolean known = TOP_LEVEL_BOXES.contains(type);
            if (!known && !printable(type)) {
                return false;
            }
            int header = 8;
            if (size == 1) {
                if (at + 16 > b.length) {
                    return true;
                }
                size = ByteBuffer.wrap(b, (int) at + 8, 8).getLong();
                header = 16;
            } else if (size == 0) {
                return true;
            }
            // No file is near 2^48 bytes; a larger size is not a box (and would overflow the walk).
            if (size < header || size > MAX_BOX_BYTES || (at == 0 || !known) && fileSize >= 0 && at + size > fileSize) {
                return false;
            }
            at += size;
        }
        return true;
    }

    private static boolean printable(String type) {
        return type.chars().allMatch(c -> c >= 0x20 && c < 0x7F || c == 0xA9);
    }

    /**
     * MPEG-TS packets start with the sync byte 0x47 every 188 bytes; Blu-ray and AVCHD (.m2ts,
     * .mts) add a 4-byte timestamp, so every 192 bytes from offset 4. A short file needs two syncs.
     */
    private static boolean transportStream(byte[] b, int offset, int stride) {
        int syncs = 0;
        for (int i = offset; i < b.length && syncs < 3; i += stride) {
            if (b[i] != 0x47) {
                return false;
            }
            syncs++;
        }
        return syncs >= 2;
    }

    private static boolean startsWith(byte[] b, int offset, int... signature) {
        if (b.length < offset + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((b[offset + i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] b, int offset, int length) {
        return b.length < offset + length ? "" : new String(b, offset, length, StandardCharsets.ISO_8859_1);
    }
}
