package dev.cookiewarden.banner;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the snippets went in pages like this one, for a head that changes on every request in a
 * few places but keeps its length: a CSRF token, a script nonce, a request id. {@link ScanMemo}
 * never keeps such a head, since no two are the same, so without this every such page is scanned
 * from its first byte to its body start tag.
 *
 * <p>A kept prefix (a page's code units up to just after its body start tag) comes with copies
 * of the {@link HtmlScanner} as it was every {@value #STEP} units along it, right after the head
 * start tag and right after the body start tag. A later page's first write is compared with the
 * kept prefix; its scan resumes from the last copy before the first difference. At each later
 * copy's place, if the scanner is in the very state of the copy ({@link HtmlScanner#sameStateAs})
 * and the units from there on are those of the kept prefix, the scanner takes the state of the
 * last copy those units reach and goes on from there: to the body start tag at once when the rest
 * of the head is the same. The scanner is deterministic, so it reports the same points at the
 * same places as a scan from the first unit; only the units between the first difference and the
 * next place where the states agree again are scanned (a few dozen for a token).
 *
 * <p>Kept the second time a page with the same first {@value #KEY_UNITS} units, the same head
 * point and the same body point (between {@value #MIN_PREFIX} and {@value #MAX_PREFIX} units) is
 * scanned, unless a prefix with those points is kept already; keeping one costs a scan of it and
 * its copies, about 100 bytes each. A page that shares less with the kept prefixes than a
 * resync needs stops trying after {@value #CHECKS} places in a row where it could not resume
 * from a copy further on, and is scanned on from where it is: nothing scanned is scanned twice.
 * Each resume starts the count again, so a head with a nonce on every script, or several tokens,
 * resyncs after each of them, however many there are.
 *
 * <p>Units are the bytes of {@link InjectingOutputStream} ({@link #SHARED}) or the characters of
 * {@link InjectingWriter} ({@link #SHARED_CHARS}), written as a {@code char[]} or a
 * {@code String}, as for {@link ScanMemo}: a memo is meant for one kind, and a byte prefix never
 * resyncs characters, nor the other way round.
 *
 * <p>Bounded: {@value #SETS} sets of {@value #WAYS} prefixes, a set chosen by a hash of the first
 * {@value #KEY_UNITS} units (which the pages of a site usually share, so the ways hold its page
 * layouts); a page is compared with the kept prefix of its set it shares the longest start with,
 * and a newly kept prefix pushes the oldest out. At most 64 prefixes of 8 Ki units and their
 * copies: about 1.4 MB for bytes, 1.9 MB for characters; a 2 KB head and its copies take about
 * 5 KB. A site with more layouts whose heads change on every request than a set holds, requested
 * in turn, keeps replacing them: each such page then pays the keeping on top of its scan.
 * Thread-safe and lock-free: a set is an immutable array, replaced whole, and the copies in it
 * are never changed.
 */
final class ResyncMemo {
    /** Units between two kept copies of the scanner: at most this many are scanned after a difference before a resync is tried. */
    static final int STEP = 64;
    /** Units of a page's start that choose its set. */
    static final int KEY_UNITS = 64;
    /** The shortest prefix kept: a shorter head is cheap to scan. */
    static final int MIN_PREFIX = 256;
    /** The longest prefix kept, as for {@link ScanMemo}. */
    static final int MAX_PREFIX = ScanMemo.MAX_PREFIX;
    /** Sets of prefixes. */
    static final int SETS = 8;
    /** Prefixes per set. */
    static final int WAYS = 8;
    /** Places in a row where a resync could not resume from a later copy, after which it leaves the rest to the scan. */
    static final int CHECKS = 8;

    /** For the bytes of every {@link InjectingOutputStream} of this class loader. */
    static final ResyncMemo SHARED = new ResyncMemo();
    /** For the characters of every {@link InjectingWriter} of this class loader. */
    static final ResyncMemo SHARED_CHARS = new ResyncMemo();

    /**
     * A kept prefix, a {@code byte[]} or a {@code char[]} of {@code body} units: {@code states[j]}
     * is the scanner after {@code prefix[0, offsets[j])}, offsets rising from 0 to the body point,
     * the head point among them.
     */
    private record Entry(long key, Object prefix, int body, int head, int[] offsets, HtmlScanner[] states) {
    }

    private final KeptSets<Entry> sets = new KeptSets<>(SETS, WAYS);

    /**
     * A resync of {@code units[off, off + len)}, a page's first write (a {@code byte[]} for a byte
     * memo, a {@code char[]} or a {@code String} for a character memo), against the kept prefix of
     * its set it shares the longest start with; null when none is kept.
     */
    Resync start(Object units, int off, int len) {
        if (len < KEY_UNITS) {
            return null;
        }
        long key = PageUnits.hash(units, off, KEY_UNITS);
        Entry best = null;
        int bestSame = -1;
        for (Object kept : sets.of(key)) {
            Entry e = (Entry) kept;
            if (e.key == key) {
                int same = same(e, 0, units, off, len);
                if (same > bestSame) {
                    best = e;
                    bestSame = same;
                }
            }
        }
        return best == null ? null : new Resync(best, units, off, len);
    }

    /**
     * How many units from {@code from} on the kept prefix and the write {@code units[off, off + len)}
     * have in common, to the end of the shorter.
     */
    private static int same(Entry e, int from, Object units, int off, int len) {
        return PageUnits.common(e.prefix, from, units, off + from, Math.min(e.body, len) - from);
    }

    /**
     * Tells what the scan of a page's first write {@code units[off, …)} (as for {@link #start})
     * found: the head point (or -1) and the body point, relative to {@code off}. The prefix up to
     * the body point is kept the second time a page with the same start and points is told,
     * unless one with those points is kept already.
     */
    void scanned(Object units, int off, int head, int body) {
        if (body < MIN_PREFIX || body > MAX_PREFIX) {
            return;
        }
        long key = PageUnits.hash(units, off, KEY_UNITS);
        if (!sets.seenBefore(key + 31L * head + 961L * body)) {
            return;
        }
        Object[] set = sets.of(key);
        for (Object kept : set) {
            Entry e = (Entry) kept;
            if (e.key == key && e.head == head && e.body == body) {
                return; // this layout is kept already: a page that cannot resync with it is scanned
            }
        }
        Entry entry = entry(key, PageUnits.copy(units, off, body), head);
        if (entry != null) {
            sets.push(key, set, entry);
        }
    }

    /**
     * Scans {@code prefix} and keeps the scanner's copies along it; null, and nothing kept, if the
     * scan does not find the head and body points it was told (it always does: it is the same scan).
     */
    private static Entry entry(long key, Object prefix, int head) {
        int body = PageUnits.length(prefix);
        List<Integer> offsets = new ArrayList<>();
        List<HtmlScanner> states = new ArrayList<>();
        HtmlScanner scanner = new HtmlScanner();
        offsets.add(0);
        states.add(scanner.copy());
        boolean headSeen = head < 0;
        for (int i = 0; i < body; ) {
            i = PageUnits.scan(scanner, prefix, i, Math.min(body, (i / STEP + 1) * STEP));
            headSeen |= i == head && scanner.reported() == HtmlScanner.Point.HEAD;
            offsets.add(i);
            states.add(scanner.copy());
        }
        if (!headSeen || !scanner.isDone() || scanner.reported() != HtmlScanner.Point.BODY) {
            return null;
        }
        return new Entry(key, prefix, body, head, offsets.stream().mapToInt(Integer::intValue).toArray(),
                states.toArray(new HtmlScanner[0]));
    }

    /** How many prefixes are kept now, for tests. */
    int kept() {
        return sets.kept();
    }

    @Override
    public String toString() {
        return "ResyncMemo[" + kept() + " of " + SETS * WAYS + " prefixes kept]";
    }

    /**
     * The scan of one page's first write against one kept prefix. Not thread-safe: one per page,
     * used by the injector that writes it.
     */
    static final class Resync {
        private final Entry entry;
        private final Object units;
        private final int off;
        private final int len;
        /** The page's units are the kept prefix's up to here (relative to {@code off}), from the last place a resync compared them. */
        private int reach = -1;
        private int checksLeft = CHECKS;
        private boolean reachedBody;
        /** Units the scanner scanned, rather than skipped by resuming from a copy. */
        private int scanned;
        /** The index of the last copy's place at or before where the last call started: the scan only moves on. */
        private int place;

        private Resync(Entry entry, Object units, int off, int len) {
            this.entry = entry;
            this.units = units;
            this.off = off;
            this.len = len;
        }

        /**
         * Takes the write on from {@code i}, where the scanner has taken {@code units[off, i)}, towards
         * its end: the scanner either resumes from a kept copy further on, or scans up to the
         * next copy's place. Returns the index reached; the scanner's {@link
         * HtmlScanner#reported()} says what the unit before it completed, as after
         * {@link HtmlScanner#scan(byte[], int, int)}.
         */
        int advance(HtmlScanner scanner, int i) {
            int end = off + len;
            int p = i - off;
            int[] offsets = entry.offsets;
            int k = placeOf(offsets, p);
            if (k >= 0 && checksLeft > 0) {
                if (scanner.sameStateAs(entry.states[k])) {
                    if (p >= reach) {
                        reach = p + same(entry, p, units, off, len);
                    }
                    int t = k;
                    while (t + 1 < offsets.length && offsets[t + 1] <= reach) {
                        t++;
                        if (offsets[t] == entry.head) {
                            break; // the head snippet goes there: stop to report it
                        }
                    }
                    if (t > k) {
                        scanner.resumeFrom(entry.states[t]);
                        place = t;
                        reachedBody = t == offsets.length - 1;
                        checksLeft = CHECKS; // back on the kept layout: the next difference has the whole count
                        return off + offsets[t];
                    }
                }
                checksLeft--;
            }
            int next = k >= 0 ? k + 1 : -k - 1;
            int to = checksLeft > 0 && next < offsets.length ? Math.min(end, off + offsets[next]) : end;
            int reached = PageUnits.scan(scanner, units, i, to);
            scanned += reached - i;
            return reached;
        }

        /**
         * Where {@code p} is among the copies' places, as {@link java.util.Arrays#binarySearch(int[], int)}
         * says it: its index, or {@code -(the index of the next place) - 1}. The scan moves on
         * from one call to the next, a place or two at a time, so the places are walked from the
         * last one found rather than searched. (Were {@code p} before that one, it would be
         * taken as between two places: scanned, never resumed.)
         */
        private int placeOf(int[] offsets, int p) {
            int at = place;
            while (at + 1 < offsets.length && offsets[at + 1] <= p) {
                at++;
            }
            place = at;
            return offsets[at] == p ? at : -at - 2;
        }

        /** How many units the scanner scanned, rather than skipped by resuming from a kept copy. */
        int scanned() {
            return scanned;
        }

        /** Whether the scanner took the kept state at the body point: the page's head is the kept one but for a few places. */
        boolean reachedBody() {
            return reachedBody;
        }

        @Override
        public String toString() {
            return "Resync[" + entry.body + " units kept, reachedBody=" + reachedBody + ", scanned=" + scanned
                    + ", checksLeft=" + checksLeft + "]";
        }
    }
}
