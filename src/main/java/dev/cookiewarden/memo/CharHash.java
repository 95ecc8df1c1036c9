package dev.cookiewarden.memo;

/**
 * {@link ByteHash} for characters: a fast 64-bit hash of a range of chars, the same whether they
 * are in a {@code char[]} or a {@code String}, so that a memory keyed on it finds what one was
 * written as when asked in the other. To choose where a memory keeps something; never a check of
 * equality and never for security. Four chars make a {@code long}, sixteen a round of the four
 * independent lanes.
 */
public final class CharHash {
    private static final int ROUND = 4 * 4;

    private CharHash() {
    }

    /** The hash of {@code c[off, off + len)}; it depends on every char and on the length. */
    public static long of(char[] c, int off, int len) {
        long h0 = len;
        long h1 = 1;
        long h2 = 2;
        long h3 = 3;
        int i = off;
        int end = off + len;
        for (; i + ROUND <= end; i += ROUND) {
            h0 = ByteHash.mix(h0 ^ four(c[i], c[i + 1], c[i + 2], c[i + 3]));
            h1 = ByteHash.mix(h1 ^ four(c[i + 4], c[i + 5], c[i + 6], c[i + 7]));
            h2 = ByteHash.mix(h2 ^ four(c[i + 8], c[i + 9], c[i + 10], c[i + 11]));
            h3 = ByteHash.mix(h3 ^ four(c[i + 12], c[i + 13], c[i + 14], c[i + 15]));
        }
        long h = ByteHash.lanes(h0, h1, h2, h3);
        for (; i < end; i++) {
            h = ByteHash.mix(h ^ c[i]);
        }
        return h;
    }

    /** The hash of {@code s[off, off + len)}: the same as {@link #of(char[], int, int)} of the same chars. */
    public static long of(String s, int off, int len) {
        long h0 = len;
        long h1 = 1;
        long h2 = 2;
        long h3 = 3;
        int i = off;
        int end = off + len;
        for (; i + ROUND <= end; i += ROUND) {
            h0 = ByteHash.mix(h0 ^ four(s.charAt(i), s.charAt(i + 1), s.charAt(i + 2), s.charAt(i + 3)));
            h1 = ByteHash.mix(h1 ^ four(s.charAt(i + 4), s.charAt(i + 5), s.charAt(i + 6), s.charAt(i + 7)));
            h2 = ByteHash.mix(h2 ^ four(s.charAt(i + 8), s.charAt(i + 9), s.charAt(i + 10), s.charAt(i + 11)));
            h3 = ByteHash.mix(h3 ^ four(s.charAt(i + 12), s.charAt(i + 13), s.charAt(i + 14), s.charAt(i + 15)));
        }
        long h = ByteHash.lanes(h0, h1, h2, h3);
        for (; i < end; i++) {
            h = ByteHash.mix(h ^ s.charAt(i));
        }
        return h;
    }

    private static long four(char a, char b, char c, char d) {
        return a | (long) b << 16 | (long) c << 32 | (long) d << 48;
    }
}
