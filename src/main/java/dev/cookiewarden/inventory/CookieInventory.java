package dev.cookiewarden.inventory;

import dev.cookiewarden.enforce.CookieSightings;
import dev.cookiewarden.enforce.Verdict;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cookies seen in real traffic, per name: which category declared them (or none), how often
 * they passed or were stopped, and when they were first and last seen. It is the input to the
 * register of processing (GDPR art. 30) and the to-do list of a rollout in
 * {@code cookies.undeclared=report-only}: every undeclared name it lists needs a declaration.
 *
 * <p>Thread-safe: requests record concurrently without a lock (a lock is taken only the first time
 * a name is seen). Bounded: names are kept in their display form (printable ASCII, at most 128
 * characters, anything else replaced by {@code ?}), and past {@link #MAX_NAMES} distinct names
 * every further name is counted under {@link #OVERFLOW}, so that a client inventing names cannot
 * grow it. A snapshot reads each counter separately: under load its numbers are each exact at some
 * instant, not all at the same one. Times of sightings are kept to the second.
 *
 * <p>A name only the page's script guard has reported carries no category (the guard does not say
 * which one it refused), so it is listed with the undeclared names until the server sees it.
 *
 * <p>The cookies a browser sends are counted as a set ({@link #prepare}): a returning visitor sends
 * the same names on every request, and one counter increment for the set costs a request less
 * than one per cookie, each a write the cores contend for. A snapshot adds each set's count to
 * each of its names. Bounded too: past {@link #MAX_SETS} distinct sets, further sets are counted
 * name by name, exactly as before.
 */
public final class CookieInventory implements CookieSightings {
    /** The most distinct names kept. */
    public static final int MAX_NAMES = 2_000;
    /** The most distinct sets of incoming sightings counted as a set. */
    public static final int MAX_SETS = 1_000;
    /** The name of the bucket for names past the bound. */
    public static final String OVERFLOW = "(other names)";

    /** Undeclared names first, then the most seen, then by name; the overflow bucket last. */
    private static final Comparator<InventoryEntry> ORDER = Comparator
            .comparing(InventoryEntry::overflow)
            .thenComparing(InventoryEntry::declared)
            .thenComparing(Comparator.comparingLong(InventoryEntry::total).reversed())
            .thenComparing(InventoryEntry::name);

    private final Map<String, Stats> byName = new ConcurrentHashMap<>();
    private final Stats overflow = new Stats(OVERFLOW);
    private final Object growLock = new Object();
    /** Sets of incoming sightings, by their names' counters and outcomes; only grows, to {@link #MAX_SETS}. */
    private final Map<SetKey, IncomingSet> sets = new ConcurrentHashMap<>();
    /** Whether a set holds the overflow bucket; for {@link #toString}. */
    private volatile boolean overflowInSets;

    /** {@link #observe}: the inventory is what the filter tells of the cookies it sees. */
    @Override
    public void seen(String name, Verdict verdict, boolean outgoing, String category, Instant now) {
        observe(name, verdict, outgoing, category, now);
    }

    /**
     * One counter for the whole of {@code incoming}, the same for every equal set (same names, in
     * the same order, with the same outcomes); past {@link #MAX_SETS} sets, the sightings are
     * counted one by one.
     */
    @Override
    public Prepared prepare(List<Sighting> incoming) {
        int n = incoming.size();
        Stats[] stats = new Stats[n];
        byte[] outcomes = new byte[n];
        for (int i = 0; i < n; i++) {
            Sighting sighting = incoming.get(i);
            stats[i] = stats(sighting.name());
            outcomes[i] = incomingOutcome(sighting.verdict());
            noteCategory(stats[i], sighting.category());
        }
        SetKey key = new SetKey(Arrays.asList(stats), new String(outcomes, StandardCharsets.ISO_8859_1));
        IncomingSet set = sets.get(key);
        if (set != null) {
            return set;
        }
        synchronized (growLock) {
            set = sets.get(key);
            if (set == null) {
                if (sets.size() >= MAX_SETS) {
                    return CookieSightings.super.prepare(incoming);
                }
                set = new IncomingSet(stats, outcomes);
                sets.put(key, set);
                overflowInSets |= Arrays.asList(stats).contains(overflow);
            }
            return set;
        }
    }

    /**
     * Records one sighting of a cookie the filter classified.
     *
     * @param name the cookie's name, as set or sent
     * @param verdict what the policy decided
     * @param outgoing true when the application set it, false when the browser sent it
     * @param categoryOrNull the id of the category of its declaration, or null when undeclared
     * @param now when it was seen
     */
    public void observe(String name, Verdict verdict, boolean outgoing, String categoryOrNull, Instant now) {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(now, "now");
        Stats s = stats(name);
        // One counter per sighting: under load each increment is a write the cores contend for
        // (a LongAdder's few cells are shared by the container's many threads), so the totals
        // are summed when read instead.
        if (outgoing) {
            (verdict == Verdict.UNDECLARED_REPORTED ? s.reportedOut : verdict.passes() ? s.allowedOut : s.blockedOut)
                    .increment();
        } else {
            s.incoming[incomingOutcome(verdict)].increment();
        }
        noteCategory(s, categoryOrNull);
        s.seen(now);
    }

    /** The index of a browser's cookie's counter: allowed, blocked or reported. */
    private static byte incomingOutcome(Verdict verdict) {
        return verdict == Verdict.UNDECLARED_REPORTED ? REPORTED : verdict.passes() ? ALLOWED : BLOCKED;
    }

    private void noteCategory(Stats s, String categoryOrNull) {
        // A declaration cannot change while the configuration lives; the overflow mixes names.
        // Read before written: a name every request carries must not make every core write.
        if (categoryOrNull != null && s != overflow && !categoryOrNull.equals(s.category)) {
            s.category = categoryOrNull;
        }
    }

    /** Records that the page's script guard stopped a {@code document.cookie} write of {@code name}. */
    public void observeGuardBlocked(String name, Instant now) {
        Objects.requireNonNull(now, "now");
        Stats s = stats(name);
        s.guardBlocked.increment();
        s.seen(now);
    }

    private Stats stats(String rawName) {
        String name = DisplayName.of(rawName);
        Stats s = byName.get(name);
        if (s != null) {
            return s;
        }
        // The map only grows, so once full it stays full: no lock for the invented names of a flood.
        if (byName.size() >= MAX_NAMES) {
            return overflow;
        }
        synchronized (growLock) {
            s = byName.get(name);
            if (s == null) {
                if (byName.size() >= MAX_NAMES) {
                    return overflow;
                }
                s = new Stats(name);
                byName.put(name, s);
            }
            return s;
        }
    }

    /** Every name seen, undeclared first, then the most seen; the overflow bucket, if used, last. */
    public List<InventoryEntry> snapshot() {
        Map<Stats, long[]> fromSets = countsOfSets();
        List<InventoryEntry> out = new ArrayList<>(byName.size() + 1);
        for (Stats s : byName.values()) {
            InventoryEntry e = s.toEntry(false, fromSets.get(s));
            if (e != null) {
                out.add(e);
            }
        }
        InventoryEntry rest = overflow.toEntry(true, fromSets.get(overflow));
        if (rest != null) {
            out.add(rest);
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }

    /**
     * What the sets counted, by name: its allowed, blocked and reported incoming sightings, then
     * the earliest and latest second of them.
     */
    private Map<Stats, long[]> countsOfSets() {
        Map<Stats, long[]> counts = new IdentityHashMap<>();
        for (IncomingSet set : sets.values()) {
            // The set's times are written before its count: a count read here has its times.
            long hits = set.hits.sum();
            if (hits == 0) {
                continue;
            }
            long first = set.firstSecond();
            long last = set.lastSecond();
            for (int i = 0; i < set.stats.length; i++) {
                long[] c = counts.computeIfAbsent(set.stats[i], k -> new long[] {0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
                c[set.outcomes[i]] += hits;
                c[FIRST] = Math.min(c[FIRST], first);
                c[LAST] = Math.max(c[LAST], last);
            }
        }
        return counts;
    }

    /** How many distinct sets of incoming sightings are counted as sets, at most {@link #MAX_SETS}. */
    int preparedSets() {
        return sets.size();
    }

    /** The number of distinct names kept, at most {@link #MAX_NAMES} (the overflow bucket not counted). */
    public int size() {
        return byName.size();
    }

    @Override
    public String toString() {
        return "CookieInventory[" + byName.size() + " names" + (overflow.wasSeen() || overflowInSets ? " + overflow" : "")
                + ", " + sets.size() + " sets]";
    }

    /** Indexes of a browser's cookie's outcome ({@link Stats#incoming}), then of the times, in a set's counts. */
    private static final byte ALLOWED = 0;
    private static final byte BLOCKED = 1;
    private static final byte REPORTED = 2;
    private static final int FIRST = 3;
    private static final int LAST = 4;

    /** The identity of a set: its names' counters (compared by identity) and each one's outcome. */
    private record SetKey(List<Stats> stats, String outcomes) { }

    /**
     * The earliest and latest second something was seen, kept in two fields of the object itself
     * ({@link Long#MAX_VALUE} and {@link Long#MIN_VALUE} until the first sighting). Kept to the
     * second, so that a name or set every request carries changes them once a second: a sighting
     * that changes nothing only reads them, from a cache line the cores share, and the change of
     * the second is one compare-and-set, retried only when another thread moved the same time
     * meanwhile. (Accumulators, as the counters use, read their cells on every sighting once two
     * threads have met on one, which they do at every change of the second.)
     */
    private abstract static class Span {
        private static final VarHandle FIRST;
        private static final VarHandle LAST;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                FIRST = lookup.findVarHandle(Span.class, "first", long.class);
                LAST = lookup.findVarHandle(Span.class, "last", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private volatile long first = Long.MAX_VALUE;
        private volatile long last = Long.MIN_VALUE;

        /** Requests finish out of order: keeps the earliest and the latest, not the last written. */
        final void seenAt(long second) {
            long f;
            while (second < (f = first) && !FIRST.compareAndSet(this, f, second)) {
                // another thread moved it: read it again
            }
            long l;
            while (second > (l = last) && !LAST.compareAndSet(this, l, second)) {
                // another thread moved it: read it again
            }
        }

        final long firstSecond() {
            return first;
        }

        final long lastSecond() {
            return last;
        }
    }

    /** A set of incoming sightings counted together: one count, one pair of times. */
    private static final class IncomingSet extends Span implements Prepared {
        final Stats[] stats;
        final byte[] outcomes;
        final LongAdder hits = new LongAdder();

        IncomingSet(Stats[] stats, byte[] outcomes) {
            this.stats = stats;
            this.outcomes = outcomes;
        }

        @Override
        public void seen(Instant now) {
            seenAt(now.getEpochSecond());
            hits.increment();
        }

        @Override
        public String toString() {
            return "IncomingSet[" + stats.length + " names, " + hits.sum() + " times]";
        }
    }

    /** Counters of one name. */
    private static final class Stats extends Span {
        final String name;
        volatile String category;
        /** Sightings by outcome, set by the application ({@code Out}) or sent by the browser ({@link #incoming}). */
        final LongAdder allowedOut = new LongAdder();
        final LongAdder blockedOut = new LongAdder();
        final LongAdder reportedOut = new LongAdder();
        /** Sent by the browser, by outcome: {@link #ALLOWED}, {@link #BLOCKED}, {@link #REPORTED}. */
        final LongAdder[] incoming = {new LongAdder(), new LongAdder(), new LongAdder()};
        final LongAdder guardBlocked = new LongAdder();

        Stats(String name) {
            this.name = name;
        }

        void seen(Instant now) {
            seenAt(now.getEpochSecond());
        }

        /**
         * With what the sets of incoming sightings counted of this name ({@link #countsOfSets},
         * or null); null while the entry is being created and has no sighting yet.
         */
        InventoryEntry toEntry(boolean isOverflow, long[] fromSets) {
            long last = lastSecond();
            long first = firstSecond();
            long allowedIncoming = incoming[ALLOWED].sum();
            long blockedIncoming = incoming[BLOCKED].sum();
            long reportedIncoming = incoming[REPORTED].sum();
            if (fromSets != null) {
                allowedIncoming += fromSets[ALLOWED];
                blockedIncoming += fromSets[BLOCKED];
                reportedIncoming += fromSets[REPORTED];
                first = Math.min(first, fromSets[FIRST]);
                last = Math.max(last, fromSets[LAST]);
            }
            if (first == Long.MAX_VALUE || last == Long.MIN_VALUE) {
                return null;
            }
            return new InventoryEntry(name, category, allowedOut.sum() + allowedIncoming,
                    blockedOut.sum() + blockedIncoming, reportedOut.sum() + reportedIncoming,
                    allowedIncoming + blockedIncoming + reportedIncoming, guardBlocked.sum(),
                    Instant.ofEpochSecond(first), Instant.ofEpochSecond(last), isOverflow);
        }

        boolean wasSeen() {
            return lastSecond() != Long.MIN_VALUE;
        }
    }
}
