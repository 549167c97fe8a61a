package dev.videopipeline.receiver.upload;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises a video container from the first bytes of a file. The client's Content-Type and file
 * name say nothing reliable; the magic numbers do. Audio-only and still-image members of the ISO
 * family (M4A, HEIC, AVIF) are refused here rather than failing later in the encoder.
 */
public final class ContainerSniffer {

    /** Enough for every signature below, including three MPEG-TS packets. */
    public static final int HEAD_BYTES = 600;

    private static final Set<String> NON_VIDEO_BRANDS = Set.of(
            "M4A ", "M4B ", "M4P ", "F4A ", "F4B ", "mp3 ",
            "heic", "heix", "heim", "heis", "mif1", "msf1", "avif", "avis", "jpx ", "jp2 ", "crx ");

    private static final Set<String> QUICKTIME_ATOMS = Set.of("moov", "mdat", "wide", "free", "skip", "pnot");

    private ContainerSniffer() {
    }

    public enum Container { ISO_MP4, QUICKTIME, MATROSKA, AVI, MPEG_TS, MPEG_PS, FLV, ASF }

    public static Optional<Container> sniff(byte[] head, int length) {
        byte[] b = Arrays.copyOf(head, length);
        if (ascii(b, 4, 4).equals("ftyp")) {
            return NON_VIDEO_BRANDS.contains(ascii(b, 8, 4)) ? Optional.empty() : Optional.of(Container.ISO_MP4);
        }
        if (QUICKTIME_ATOMS.contains(ascii(b, 4, 4))) {
            return Optional.of(Container.QUICKTIME);
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
