package dev.videopipeline.testclips;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the ISO base media file format (MP4, MOV) to find a box and edit it in place:
 * a box is a 32-bit big-endian size (header included), a four-letter type, then its content.
 * Files with 64-bit sizes are not handled; the clips here never need them.
 */
public final class Mp4Boxes {

    private Mp4Boxes() {
    }

    /** The types of the file's top-level boxes, in order ({@code ftyp}, {@code free}, {@code mdat}, {@code moov}…). */
    public static List<String> topLevel(Path file) {
        byte[] bytes = read(file);
        List<String> types = new ArrayList<>();
        for (int at = 0; at + 8 <= bytes.length && size(bytes, at) >= 8; at += size(bytes, at)) {
            types.add(type(bytes, at));
        }
        return types;
    }

    static int size(byte[] file, int at) {
        return ByteBuffer.wrap(file).getInt(at);
    }

    static String type(byte[] file, int at) {
        return new String(file, at + 4, 4, StandardCharsets.ISO_8859_1);
    }

    /** The offset of the first box of {@code type} among the boxes laid out from {@code from} to {@code to}. */
    static int child(byte[] file, int from, int to, String type) {
        for (int at = from; at + 8 <= to && size(file, at) >= 8; at += size(file, at)) {
            if (type(file, at).equals(type)) {
                return at;
            }
        }
        throw new IllegalArgumentException("no " + type + " box");
    }

    /** The first child of {@code type} in the container box at {@code parent}. */
    static int child(byte[] file, int parent, String type) {
        return child(file, parent + 8, parent + size(file, parent), type);
    }

    /** The offset of the video track's {@code trak} box. */
    static int videoTrack(byte[] file) {
        int moov = child(file, 0, file.length, "moov");
        for (int at = moov + 8; at < moov + size(file, moov); at += size(file, at)) {
            if (type(file, at).equals("trak")) {
                int handler = child(file, child(file, at, "mdia"), "hdlr");
                // hdlr: header, version and flags, pre_defined, then the handler type.
                if (new String(file, handler + 16, 4, StandardCharsets.ISO_8859_1).equals("vide")) {
                    return at;
                }
            }
        }
        throw new IllegalArgumentException("no video track");
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
