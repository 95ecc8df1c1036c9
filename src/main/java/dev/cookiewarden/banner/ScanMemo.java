package dev.cookiewarden.banner;

import dev.cookiewarden.memo.ByteHash;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Where the snippets went in pages seen before, so that a page starting with the same bytes is
 * not scanned again. Most pages are sent many times with the same bytes up to their body start
 * tag; scanning those bytes is a state machine over every one of them, whose branches cost
 * several times more under load than in a quiet loop. {@link HtmlScanner} is deterministic: the same bytes from the start of a page give the
 * same points, so a page whose first write begins with a kept prefix (compared byte for byte)
 * gets the kept points without a scan.
 *
 * <p>A prefix runs from the page's first byte to just after its body start tag, as the scanner
 * found it; it is kept only when it is between {@value #KEY_BYTES} and {@value #MAX_PREFIX} bytes
 * long and a page with the very same prefix (by a 64-bit hash of it) was scanned before, so that
 * a head with per-request content (a CSRF token, a script nonce) is never copied. Such pages pay
 * the hash of their prefix on top of the scan, a small part of it.
 *
 * <p>Bounded: {@value #SETS} sets of {@value #WAYS} prefixes of at most {@value #MAX_PREFIX} bytes
 * (1 MiB), a set chosen by a hash of the page's first {@value #KEY_BYTES} bytes (which the pages
 * of one site often share); a newly kept prefix goes first in its set and pushes the oldest out.
 * Thread-safe and lock-free: a set is an immutable array, replaced whole.
 */
final class ScanMemo {
    /** Sets of prefixes. */
    static final int SETS = 32;
    /** Prefixes per set. */
    static final int WAYS = 4;
    /** The longest prefix kept: heads are rarely longer, and a longer one is scanned each time. */
    static final int MAX_PREFIX = 8 * 1024;
    /** Bytes of a page's start that choose its set; shorter prefixes are cheap to scan. */
    static final int KEY_BYTES = 256;
    /** Hashes of prefixes scanned once and not kept yet, by the hash's low bits. */
    private static final int SEEN_ONCE = 256;

    /** Shared by every injector of this class loader. */
    static final ScanMemo SHARED = new ScanMemo();

    private static final Entry[] EMPTY = new Entry[0];

    /** Where the snippets go in a page that starts with a kept prefix, as the scanner found it: -1 for none. */
    record Points(int head, int body) {
    }

    private record Entry(long key, byte[] prefix, Points points) {
        boolean starts(byte[] b, int off, int len) {
            return prefix.length <= len && Arrays.equals(b, off, off + prefix.length, prefix, 0, prefix.length);
        }
    }

    private final AtomicReferenceArray<Entry[]> sets = new AtomicReferenceArray<>(SETS);
    private final AtomicLongArray seenOnce = new AtomicLongArray(SEEN_ONCE);

    /**
     * The points of a kept prefix that {@code b[off, off + len)}, a page's first write, starts
     * with; null if none does.
     */
    Points find(byte[] b, int off, int len) {
        if (len < KEY_BYTES) {
            return null;
        }
        long key = ByteHash.of(b, off, KEY_BYTES);
        Entry[] set = sets.get(set(key));
        if (set == null) {
            return null;
        }
        for (Entry e : set) {
            if (e.key == key && e.starts(b, off, len)) {
                return e.points;
            }
        }
        return null;
    }

    /**
     * Tells what a scan of a page's first write {@code b[off, …)} found: the head point (or -1)
     * and the body point, relative to {@code off}. The prefix up to the body point is kept the
     * second time it is told.
     */
    void scanned(byte[] b, int off, int head, int body) {
        if (body < KEY_BYTES || body > MAX_PREFIX) {
            return;
        }
        long whole = ByteHash.of(b, off, body) | 1; // never 0, which means "none"
        int seen = (int) whole & (SEEN_ONCE - 1);
        if (seenOnce.get(seen) != whole) {
            seenOnce.set(seen, whole);
            return;
        }
        long key = ByteHash.of(b, off, KEY_BYTES);
        int index = set(key);
        Entry[] set = sets.get(index);
        Entry[] old = set == null ? EMPTY : set;
        for (Entry e : old) {
            if (e.key == key && e.prefix.length == body && e.starts(b, off, body)) {
                return; // kept already, by another thread or for a page written differently
            }
        }
        Entry[] next = new Entry[Math.min(WAYS, old.length + 1)];
        next[0] = new Entry(key, Arrays.copyOfRange(b, off, off + body), new Points(head, body));
        System.arraycopy(old, 0, next, 1, next.length - 1);
        sets.compareAndSet(index, set, next); // lost to another thread's change: kept next time
    }

    private static int set(long key) {
        return (int) (key ^ (key >>> 32)) & (SETS - 1);
    }

    /** How many prefixes are kept now, for tests. */
    int kept() {
        int n = 0;
        for (int i = 0; i < SETS; i++) {
            Entry[] set = sets.get(i);
            n += set == null ? 0 : set.length;
        }
        return n;
    }

    @Override
    public String toString() {
        return "ScanMemo[" + kept() + " of " + SETS * WAYS + " prefixes kept]";
    }
}
