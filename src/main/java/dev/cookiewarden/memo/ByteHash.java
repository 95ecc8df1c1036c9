package dev.cookiewarden.memo;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A fast 64-bit hash of bytes, to choose where a memory keeps something; never a check of
 * equality (the memories compare what they keep with what they are asked for) and never for
 * security. Eight bytes at a time in four independent lanes, so that the multiplications overlap,
 * each lane's step one multiplication; the lanes are folded and the last bytes taken eight at a
 * time, then the few left in one {@code long}, so that a length that is not a multiple of 32 adds
 * at most four rounds, not one per byte.
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
            h0 = step(h0, (long) LONGS.get(b, i));
            h1 = step(h1, (long) LONGS.get(b, i + Long.BYTES));
            h2 = step(h2, (long) LONGS.get(b, i + 2 * Long.BYTES));
            h3 = step(h3, (long) LONGS.get(b, i + 3 * Long.BYTES));
        }
        long h = lanes(h0, h1, h2, h3);
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            h = mix(h ^ (long) LONGS.get(b, i));
        }
        if (i < end) {
            long last = 0;
            for (int shift = 0; i < end; i++, shift += Byte.SIZE) {
                last |= (b[i] & 0xFFL) << shift;
            }
            h = mix(h ^ last); // the length, in h0, tells these zeros from bytes that are zero
        }
        return h;
    }

    /** The four lanes folded into one: shared with {@link CharHash}. */
    static long lanes(long h0, long h1, long h2, long h3) {
        return mix(mix(mix(h0 ^ Long.rotateLeft(h1, 16)) ^ Long.rotateLeft(h2, 32)) ^ Long.rotateLeft(h3, 48));
    }

    /**
     * One lane's step: a bijection of {@code word} for any {@code h}, so a change of one word
     * always changes the lane; the high bits reach the low ones in {@link #lanes}. ({@link CharHash}
     * keeps its own rounds and tail: changed the same way, a returning visitor's {@code Cookie}
     * line cost 0.03 µs more under load; BENCHMARKS.md, finding 47.)
     */
    private static long step(long h, long word) {
        return (h ^ word) * MULTIPLIER;
    }

    /** One round of the hash: shared with {@link CharHash}. */
    static long mix(long h) {
        h *= MULTIPLIER;
        return h ^ (h >>> 29);
    }
}
