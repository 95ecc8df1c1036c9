package dev.cookiewarden.memo;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A fast 64-bit hash of bytes, to choose where a memory keeps something; never a check of
 * equality (the memories compare what they keep with what they are asked for) and never for
 * security. Eight bytes at a time in four independent lanes, so that the multiplications overlap.
 */
public final class ByteHash {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private ByteHash() {
    }

    /** The hash of {@code b[off, off + len)}; it depends on every byte and on the length. */
    public static long of(byte[] b, int off, int len) {
        long h0 = len;
        long h1 = 1;
        long h2 = 2;
        long h3 = 3;
        int i = off;
        int end = off + len;
        for (; i + 4 * Long.BYTES <= end; i += 4 * Long.BYTES) {
            h0 = mix(h0 ^ (long) LONGS.get(b, i));
            h1 = mix(h1 ^ (long) LONGS.get(b, i + Long.BYTES));
            h2 = mix(h2 ^ (long) LONGS.get(b, i + 2 * Long.BYTES));
            h3 = mix(h3 ^ (long) LONGS.get(b, i + 3 * Long.BYTES));
        }
        long h = lanes(h0, h1, h2, h3);
        for (; i < end; i++) {
            h = mix(h ^ b[i]);
        }
        return h;
    }

    /** The four lanes folded into one: shared with {@link CharHash}. */
    static long lanes(long h0, long h1, long h2, long h3) {
        return mix(mix(mix(h0 ^ Long.rotateLeft(h1, 16)) ^ Long.rotateLeft(h2, 32)) ^ Long.rotateLeft(h3, 48));
    }

    /** One round of the hash: shared with {@link CharHash}. */
    static long mix(long h) {
        h *= MULTIPLIER;
        return h ^ (h >>> 29);
    }
}
