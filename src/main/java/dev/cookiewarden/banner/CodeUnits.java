package dev.cookiewarden.banner;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the next of one or two given code units in a range of bytes, chars or a string: how
 * {@link HtmlScanner} skips text, comments, scripts and attribute values without feeding them to
 * its state machine one unit at a time. Stateless.
 *
 * <p>Bytes are searched eight at a time, as one {@code long}, with the "has a zero byte" trick: in
 * {@code x = word ^ (unit * 0x0101010101010101)} a byte equal to the unit is zero, and
 * {@code (x - 0x0101010101010101) & ~x & 0x8080808080808080} sets the high bit of the lowest zero
 * byte (higher bytes may be set wrongly by the borrow, never lower ones), so in little-endian order
 * the number of trailing zero bits finds the first match. Java 17 has no vector API and C2 does not
 * vectorise a search loop, so this is what runs at several gigabytes a second on a page; chars are
 * searched one by one (a string whose range reaches its end goes through {@link String#indexOf(int,
 * int)}, which the JIT turns into vector code).
 */
final class CodeUnits {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private CodeUnits() {
    }

    /** The index of the first {@code unit} in {@code b[from, to)}, or {@code to}. */
    static int indexOf(byte[] b, int from, int to, byte unit) {
        long pattern = (unit & 0xFFL) * ONES;
        int i = from;
        for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
            long x = (long) LONGS.get(b, i) ^ pattern;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == unit) {
                return i;
            }
        }
        return to;
    }

    /** The index of the first {@code one} or {@code other} in {@code b[from, to)}, or {@code to}. */
    static int indexOfEither(byte[] b, int from, int to, byte one, byte other) {
        long onePattern = (one & 0xFFL) * ONES;
        long otherPattern = (other & 0xFFL) * ONES;
        int i = from;
        for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
            long word = (long) LONGS.get(b, i);
            long x = word ^ onePattern;
            long y = word ^ otherPattern;
            // Each term's lowest flag is exact, so the lowest of both is the first of either unit.
            long found = ((x - ONES) & ~x | (y - ONES) & ~y) & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == one || b[i] == other) {
                return i;
            }
        }
        return to;
    }

    /** The index of the first {@code unit} in {@code c[from, to)}, or {@code to}. */
    static int indexOf(char[] c, int from, int to, char unit) {
        for (int i = from; i < to; i++) {
            if (c[i] == unit) {
                return i;
            }
        }
        return to;
    }

    /** The index of the first {@code one} or {@code other} in {@code c[from, to)}, or {@code to}. */
    static int indexOfEither(char[] c, int from, int to, char one, char other) {
        for (int i = from; i < to; i++) {
            if (c[i] == one || c[i] == other) {
                return i;
            }
        }
        return to;
    }

    /** The index of the first {@code unit} in {@code s[from, to)}, or {@code to}. */
    static int indexOf(String s, int from, int to, char unit) {
        if (to == s.length()) {
            // Only when the range ends with the string: indexOf cannot be told where to stop, and
            // searching past the range on every small write of a long string would be quadratic.
            int at = s.indexOf(unit, from);
            return at < 0 ? to : at;
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == unit) {
                return i;
            }
        }
        return to;
    }

    /** The index of the first {@code one} or {@code other} in {@code s[from, to)}, or {@code to}. */
    static int indexOfEither(String s, int from, int to, char one, char other) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == one || c == other) {
                return i;
            }
        }
        return to;
    }
}
