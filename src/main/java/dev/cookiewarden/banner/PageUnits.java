package dev.cookiewarden.banner;

import dev.cookiewarden.memo.ByteHash;
import dev.cookiewarden.memo.CharHash;
import java.util.Arrays;

/**
 * A page's code units as the memos of heads ({@link ScanMemo}, {@link ResyncMemo}) take them: the
 * bytes of {@link InjectingOutputStream}, or the characters of {@link InjectingWriter}, written as
 * a {@code char[]} or a {@code String}. What the memos keep of a page is a {@code byte[]} or a
 * {@code char[]}; a byte prefix is never like characters, nor the other way round. Stateless.
 */
final class PageUnits {
    private PageUnits() {
    }

    /** A 64-bit hash of {@code units[off, off + len)}: the same for the same characters in a {@code char[]} or a {@code String}. */
    static long hash(Object units, int off, int len) {
        if (units instanceof byte[] b) {
            return ByteHash.of(b, off, len);
        }
        return units instanceof char[] c ? CharHash.of(c, off, len) : CharHash.of((String) units, off, len);
    }

    /** A copy of {@code units[off, off + len)}: bytes as bytes, characters as a {@code char[]}. */
    static Object copy(Object units, int off, int len) {
        if (units instanceof byte[] b) {
            return Arrays.copyOfRange(b, off, off + len);
        }
        if (units instanceof char[] c) {
            return Arrays.copyOfRange(c, off, off + len);
        }
        char[] chars = new char[len];
        ((String) units).getChars(off, off + len, chars, 0);
        return chars;
    }

    /** How many units a kept {@code byte[]} or {@code char[]} holds. */
    static int length(Object kept) {
        return kept instanceof byte[] b ? b.length : ((char[]) kept).length;
    }

    /**
     * How many units {@code kept[from, from + n)} and {@code units[at, at + n)} have in common from
     * their start: {@code n} when all; 0 when one is bytes and the other characters.
     */
    static int common(Object kept, int from, Object units, int at, int n) {
        int m;
        if (kept instanceof byte[] k) {
            if (!(units instanceof byte[] b)) {
                return 0;
            }
            m = Arrays.mismatch(k, from, from + n, b, at, at + n);
        } else if (units instanceof char[] c) {
            char[] k = (char[]) kept;
            m = Arrays.mismatch(k, from, from + n, c, at, at + n);
        } else if (units instanceof String s) {
            char[] k = (char[]) kept;
            for (int i = 0; i < n; i++) {
                if (s.charAt(at + i) != k[from + i]) {
                    return i;
                }
            }
            return n;
        } else {
            return 0;
        }
        return m < 0 ? n : m;
    }

    /** {@link HtmlScanner#scan} of {@code units[from, to)}, whichever kind they are. */
    static int scan(HtmlScanner scanner, Object units, int from, int to) {
        if (units instanceof byte[] b) {
            return scanner.scan(b, from, to);
        }
        return units instanceof char[] c ? scanner.scan(c, from, to) : scanner.scan((String) units, from, to);
    }
}
