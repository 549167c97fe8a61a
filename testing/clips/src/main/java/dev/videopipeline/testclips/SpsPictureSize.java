package dev.videopipeline.testclips;

import java.io.ByteArrayOutputStream;
import java.util.Set;

/**
 * Rewrites the picture size an H.264 sequence parameter set (SPS) declares, keeping every other
 * field: the size a decoder believes, whatever the coded slices hold. Fields are Exp-Golomb
 * coded, so the SPS may change length. Handles frame-only streams without scaling matrices,
 * which is what the clips here are.
 */
final class SpsPictureSize {

    private static final Set<Integer> HIGH_PROFILES = Set.of(100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135);

    private SpsPictureSize() {
    }

    /** @param nal the SPS NAL unit (header byte, then the escaped payload); width and height in multiples of 16 */
    static byte[] declare(byte[] nal, int width, int height) {
        byte[] rbsp = unescape(nal);
        var in = new BitReader(rbsp);
        var out = new BitWriter();
        out.bits(in.u(8), 8);                  // NAL header
        int profile = in.u(8);
        out.bits(profile, 8);
        out.bits(in.u(16), 16);                // constraint flags, level
        out.ue(in.ue());                       // seq_parameter_set_id
        if (HIGH_PROFILES.contains(profile)) {
            int chroma = in.ue();
            out.ue(chroma);
            if (chroma == 3) {
                out.bits(in.u(1), 1);
            }
            out.ue(in.ue());                   // bit depths
            out.ue(in.ue());
            out.bits(in.u(1), 1);
            if (in.u(1) != 0) {
                throw new IllegalArgumentException("SPS with scaling matrices");
            }
            out.bits(0, 1);
        }
        out.ue(in.ue());                       // log2_max_frame_num_minus4
        int pocType = in.ue();
        out.ue(pocType);
        if (pocType == 0) {
            out.ue(in.ue());
        } else if (pocType == 1) {
            out.bits(in.u(1), 1);
            out.se(in.se());
            out.se(in.se());
            int cycle = in.ue();
            out.ue(cycle);
            for (int i = 0; i < cycle; i++) {
                out.se(in.se());
            }
        }
        out.ue(in.ue());                       // max_num_ref_frames
        out.bits(in.u(1), 1);                  // gaps_in_frame_num_allowed
        in.ue();
        in.ue();
        out.ue(width / 16 - 1);                // pic_width_in_mbs_minus1
        out.ue(height / 16 - 1);               // pic_height_in_map_units_minus1 (frame-only)
        int stopBit = in.lastOne();
        while (in.position() <= stopBit) {      // the rest as it was, up to the stop bit
            out.bits(in.u(1), 1);
        }
        return escape(out.aligned());
    }

    /** Removes emulation prevention: 00 00 03 becomes 00 00. */
    private static byte[] unescape(byte[] nal) {
        var out = new ByteArrayOutputStream();
        int zeros = 0;
        for (byte b : nal) {
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            out.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return out.toByteArray();
    }

    /** Adds emulation prevention: 00 00 followed by 00..03 gets a 03 between. */
    private static byte[] escape(byte[] rbsp) {
        var out = new ByteArrayOutputStream();
        int zeros = 0;
        for (byte b : rbsp) {
            if (zeros >= 2 && (b & 0xFF) <= 3) {
                out.write(3);
                zeros = 0;
            }
            out.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return out.toByteArray();
    }

    private static final class BitReader {
        private final byte[] bytes;
        private int position;

        BitReader(byte[] bytes) {
            this.bytes = bytes;
        }

        int position() {
            return position;
        }

        int u(int n) {
            int value = 0;
            for (int i = 0; i < n; i++, position++) {
                value = (value << 1) | ((bytes[position >> 3] >> (7 - (position & 7))) & 1);
            }
            return value;
        }

        int ue() {
            int zeros = 0;
            while (u(1) == 0) {
                zeros++;
            }
            return (1 << zeros) - 1 + u(zeros);
        }

        int se() {
            int k = ue();
            return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
        }

        int lastOne() {
            for (int p = bytes.length * 8 - 1; p >= 0; p--) {
                if (((bytes[p >> 3] >> (7 - (p & 7))) & 1) == 1) {
                    return p;
                }
            }
            throw new IllegalArgumentException("SPS without a stop bit");
        }
    }

    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int count;

        void bits(int value, int n) {
            for (int i = n - 1; i >= 0; i--) {
                current = (current << 1) | ((value >> i) & 1);
                if (++count % 8 == 0) {
                    out.write(current);
                    current = 0;
                }
            }
        }

        void ue(int value) {
            long coded = value + 1L;
            int length = 64 - Long.numberOfLeadingZeros(coded);
            bits(0, length - 1);
            for (int i = length - 1; i >= 0; i--) {
                bits((int) ((coded >> i) & 1), 1);
            }
        }

        void se(int value) {
            ue(value <= 0 ? -2 * value : 2 * value - 1);
        }

        byte[] aligned() {
            while (count % 8 != 0) {
                bits(0, 1);
            }
            return out.toByteArray();
        }
    }
}
