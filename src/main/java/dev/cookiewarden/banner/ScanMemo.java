package dev.cookiewarden.banner;

/**
 * Where the snippets went in pages seen before, so that a page starting with the same code units
 * is not scanned again. Most pages are sent many times with the same units up to their body start
 * tag; scanning them is a state machine over every one, whose branches cost several times more
 * under load than in a quiet loop. {@link HtmlScanner} is deterministic: the same units from the
 * start of a page give the same points, so a page whose first write begins with a kept prefix
 * (compared unit for unit) gets the kept points without a scan.
 *
 * <p>Units are the bytes of {@link InjectingOutputStream} ({@link #SHARED}) or the characters of
 * {@link InjectingWriter} ({@link #SHARED_CHARS}), written as a {@code char[]} or a
 * {@code String}: a prefix kept from one is found from the other. A memo is meant for one kind:
 * a byte prefix never matches characters, nor the other way round.
 *
 * <p>A prefix runs from the page's first unit to just after its body start tag, as the scanner
 * found it; it is kept only when it is between {@value #KEY_UNITS} and {@value #MAX_PREFIX} units
 * long and a page with the very same prefix (by a 64-bit hash of it) was scanned before, so that
 * a head with per-request content (a CSRF token, a script nonce) is never copied. Such pages pay
 * the hash of their prefix on top of the scan, a small part of it.
 *
 * <p>Bounded: {@value #SETS} sets of {@value #WAYS} prefixes of at most {@value #MAX_PREFIX} units
 * (1 MiB of bytes, or 2 MiB of characters), a set chosen by a hash of the page's first
 * {@value #KEY_UNITS} units (which the pages of one site often share); a newly kept prefix goes
 * first in its set and pushes the oldest out. Thread-safe and lock-free: a set is an immutable
 * array, replaced whole.
 */
final class ScanMemo {
    /** Sets of prefixes. */
    static final int SETS = 32;
    /** Prefixes per set. */
    static final int WAYS = 4;
    /** The longest prefix kept: heads are rarely longer, and a longer one is scanned each time. */
    static final int MAX_PREFIX = 8 * 1024;
    /** Units of a page's start that choose its set; shorter prefixes are cheap to scan. */
    static final int KEY_UNITS = 256;

    /** For the bytes of every {@link InjectingOutputStream} of this class loader. */
    static final ScanMemo SHARED = new ScanMemo();
    /** For the characters of every {@link InjectingWriter} of this class loader. */
    static final ScanMemo SHARED_CHARS = new ScanMemo();

    /** Where the snippets go in a page that starts with a kept prefix, as the scanner found it: -1 for none. */
    record Points(int head, int body) {
    }

    /** A kept prefix: a {@code byte[]} or a {@code char[]}, of {@code points.body()} units. */
    private record Entry(long key, Object prefix, Points points) {
        /** Whether {@code units[off, off + len)} starts with the prefix. */
        boolean startOf(Object units, int off, int len) {
            int n = points.body;
            return n <= len && PageUnits.common(prefix, 0, units, off, n) == n;
        }
    }

    private final KeptSets<Entry> sets = new KeptSets<>(SETS, WAYS);

    /**
     * The points of a kept prefix that {@code units[off, off + len)}, a page's first write, starts
     * with; null if none does. The units are a {@code byte[]} for a byte memo, a {@code char[]} or
     * a {@code String} for a character memo (both find the same prefixes).
     */
    Points find(Object units, int off, int len) {
        return len < KEY_UNITS ? null : find(PageUnits.hash(units, off, KEY_UNITS), units, off, len);
    }

    private Points find(long key, Object units, int off, int len) {
        for (Object kept : sets.of(key)) {
            Entry e = (Entry) kept;
            if (e.key == key && e.startOf(units, off, len)) {
                return e.points;
            }
        }
        return null;
    }

    /**
     * Tells what a scan of a page's first write {@code units[off, …)} (as for {@link #find}) found:
     * the head point (or -1) and the body point, relative to {@code off}. The prefix up to the
     * body point is kept the second time it is told.
     */
    void scanned(Object units, int off, int head, int body) {
        if (body < KEY_UNITS || body > MAX_PREFIX) {
            return;
        }
        if (!sets.seenBefore(PageUnits.hash(units, off, body))) {
            return;
        }
        long key = PageUnits.hash(units, off, KEY_UNITS);
        Object[] set = sets.of(key);
        for (Object kept : set) {
            Entry e = (Entry) kept;
            if (e.key == key && e.points.body == body && e.startOf(units, off, body)) {
                return; // kept already, by another thread or for a page written differently
            }
        }
        sets.push(key, set, new Entry(key, PageUnits.copy(units, off, body), new Points(head, body)));
    }

    /** How many prefixes are kept now, for tests. */
    int kept() {
        return sets.kept();
    }

    @Override
    public String toString() {
        return "ScanMemo[" + kept() + " of " + SETS * WAYS + " prefixes kept]";
    }
}
