package dev.cookiewarden.inventory;

import dev.cookiewarden.enforce.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
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
 */
public final class CookieInventory {
    /** The most distinct names kept. */
    public static final int MAX_NAMES = 2_000;
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
        if (verdict == Verdict.UNDECLARED_REPORTED) {
            (outgoing ? s.reportedOut : s.reportedIn).increment();
        } else if (verdict.passes()) {
            (outgoing ? s.allowedOut : s.allowedIn).increment();
        } else {
            (outgoing ? s.blockedOut : s.blockedIn).increment();
        }
        // A declaration cannot change while the configuration lives; the overflow mixes names.
        // Read before written: a name every request carries must not make every core write.
        if (categoryOrNull != null && s != overflow && !categoryOrNull.equals(s.category)) {
            s.category = categoryOrNull;
        }
        s.seen(now);
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
        List<InventoryEntry> out = new ArrayList<>(byName.size() + 1);
        for (Stats s : byName.values()) {
            InventoryEntry e = s.toEntry(false);
            if (e != null) {
                out.add(e);
            }
        }
        InventoryEntry rest = overflow.toEntry(true);
        if (rest != null) {
            out.add(rest);
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }

    /** The number of distinct names kept, at most {@link #MAX_NAMES} (the overflow bucket not counted). */
    public int size() {
        return byName.size();
    }

    @Override
    public String toString() {
        return "CookieInventory[" + byName.size() + " names" + (overflow.wasSeen() ? " + overflow" : "") + "]";
    }

    /** Counters of one name. */
    private static final class Stats {
        final String name;
        volatile String category;
        /** Sightings by outcome, set by the application ({@code Out}) or sent by the browser ({@code In}). */
        final LongAdder allowedOut = new LongAdder();
        final LongAdder allowedIn = new LongAdder();
        final LongAdder blockedOut = new LongAdder();
        final LongAdder blockedIn = new LongAdder();
        final LongAdder reportedOut = new LongAdder();
        final LongAdder reportedIn = new LongAdder();
        final LongAdder guardBlocked = new LongAdder();
        /**
         * Earliest and latest sighting, in whole seconds since the epoch; {@link Long#MAX_VALUE}
         * and {@link Long#MIN_VALUE} until the first sighting is recorded. To the second, so that
         * a name every request carries changes them once a second, not on every request: a
         * sighting that changes nothing only reads. Accumulators rather than one shared field,
         * so that the change of the second is written to a cell of the writing thread's own once
         * threads contend, as the counters are.
         */
        final LongAccumulator firstSeen = new LongAccumulator(Math::min, Long.MAX_VALUE);
        final LongAccumulator lastSeen = new LongAccumulator(Math::max, Long.MIN_VALUE);

        Stats(String name) {
            this.name = name;
        }

        void seen(Instant now) {
            // Requests finish out of order: keep the earliest and the latest, not the last written.
            long second = now.getEpochSecond();
            firstSeen.accumulate(second);
            lastSeen.accumulate(second);
        }

        /** Null while the entry is being created and has no sighting yet. */
        InventoryEntry toEntry(boolean isOverflow) {
            long last = lastSeen.get();
            long first = firstSeen.get();
            if (first == Long.MAX_VALUE || last == Long.MIN_VALUE) {
                return null;
            }
            long allowedIncoming = allowedIn.sum();
            long blockedIncoming = blockedIn.sum();
            long reportedIncoming = reportedIn.sum();
            return new InventoryEntry(name, category, allowedOut.sum() + allowedIncoming,
                    blockedOut.sum() + blockedIncoming, reportedOut.sum() + reportedIncoming,
                    allowedIncoming + blockedIncoming + reportedIncoming, guardBlocked.sum(),
                    Instant.ofEpochSecond(first), Instant.ofEpochSecond(last), isOverflow);
        }

        boolean wasSeen() {
            return lastSeen.get() != Long.MIN_VALUE;
        }
    }
}
