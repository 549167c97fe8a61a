package dev.videopipeline.encoder.transcode;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;

/** Silent samples laid out like a decoded block: as many buffers (planes), of the same type. */
final class Silence {

    private Silence() {
    }

    /** @param perChannel how many samples each channel gets */
    static Buffer[] like(Buffer[] block, int channels, int perChannel) {
        int length = block.length == 1 ? perChannel * channels : perChannel;
        Buffer[] silence = new Buffer[block.length];
        for (int i = 0; i < block.length; i++) {
            silence[i] = silent(block[i], length);
        }
        return silence;
    }

    private static Buffer silent(Buffer like, int length) {
        if (like instanceof ShortBuffer) {
            return ShortBuffer.allocate(length);
        }
        if (like instanceof FloatBuffer) {
            return FloatBuffer.allocate(length);
        }
        if (like instanceof IntBuffer) {
            return IntBuffer.allocate(length);
        }
        if (like instanceof DoubleBuffer) {
            return DoubleBuffer.allocate(length);
        }
        if (like instanceof ByteBuffer) {
            // Unsigned 8-bit sound is silent at its midpoint.
            return ByteBuffer.wrap(filled(length, (byte) 0x80));
        }
        throw new IllegalArgumentException("no silence for " + like.getClass());
    }

    /** Samples per channel in a block. */
    static int perChannel(Buffer[] block, int channels) {
        return block[0].limit() / (block.length == 1 ? channels : 1);
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }
}
