package dev.videopipeline.encoder.transcode;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;

/**
 * Silent samples laid out like a decoded block: as many buffers (planes), of the same type. They are
 * direct buffers: the recorder reads a direct buffer where it is, while it would copy a heap one into
 * the memory it last read from, which may be the decoder's.
 */
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
            return zeros(length * Short.BYTES).asShortBuffer();
        }
        if (like instanceof FloatBuffer) {
            return zeros(length * Float.BYTES).asFloatBuffer();
        }
        if (like instanceof IntBuffer) {
            return zeros(length * Integer.BYTES).asIntBuffer();
        }
        if (like instanceof DoubleBuffer) {
            return zeros(length * Double.BYTES).asDoubleBuffer();
        }
        if (like instanceof ByteBuffer) {
            // Unsigned 8-bit sound is silent at its midpoint.
            return zeros(length).put(filled(length, (byte) 0x80)).flip();
        }
        throw new IllegalArgumentException("no silence for " + like.getClass());
    }

    private static ByteBuffer zeros(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
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
