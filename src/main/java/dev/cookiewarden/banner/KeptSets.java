package dev.cookiewarden.banner;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The bounded store of the scan memos ({@link ScanMemo}, {@link ResyncMemo}): a fixed number of
 * sets, each of at most a fixed number of entries, a set chosen by a 64-bit key; a new entry goes
 * first in its set and pushes the oldest out. Thread-safe and lock-free: a set is an immutable
 * array, replaced whole by a compare-and-set, and a change that loses to another thread's is not
 * made (the memo keeps the entry the next time it is told). The memos keep an entry only at its
 * second sighting ({@link #seenBefore}), so that what comes once is never copied.
 *
 * @param <E> the entries, immutable
 */
final class KeptSets<E> {
    private static final Object[] EMPTY = new Object[0];
    /** Sightings remembered, by their low bits: the last one of each slot. */
    private static final int SIGHTINGS = 256;

    private final AtomicReferenceArray<Object[]> sets;
    private final int ways;
    private final AtomicLongArray sightings = new AtomicLongArray(SIGHTINGS);

    /**
     * @param sets how many sets: a power of two
     * @param ways the most entries a set holds
     */
    KeptSets(int sets, int ways) {
        if (Integer.bitCount(sets) != 1 || ways < 1) {
            throw new IllegalArgumentException("Sets must be a power of two and ways at least 1, not [" + sets + "] and ["
                    + ways + "]");
        }
        this.sets = new AtomicReferenceArray<>(sets);
        for (int i = 0; i < sets; i++) {
            this.sets.set(i, EMPTY);
        }
        this.ways = ways;
    }

    /**
     * The entries of {@code key}'s set, the newest first (cast each to {@code E}); never null,
     * never to be changed. Pass it to {@link #push} to add an entry to the set as it was seen.
     */
    Object[] of(long key) {
        return sets.get(index(key));
    }

    /**
     * Puts {@code entry} first in {@code key}'s set, the oldest pushed out when the set is full,
     * if the set is still {@code seen} (what {@link #of} returned); otherwise does nothing.
     */
    void push(long key, Object[] seen, E entry) {
        Object[] next = new Object[Math.min(ways, seen.length + 1)];
        next[0] = entry;
        System.arraycopy(seen, 0, next, 1, next.length - 1);
        sets.compareAndSet(index(key), seen, next);
    }

    /**
     * Whether {@code sighting} (a hash of what would be kept) was the last sighting told in its
     * slot: the second time in a row it is told, true; otherwise it is remembered and false.
     * Never 0, which is what a slot holds before its first sighting.
     */
    boolean seenBefore(long sighting) {
        long nonZero = sighting | 1;
        int slot = (int) nonZero & (SIGHTINGS - 1);
        if (sightings.get(slot) == nonZero) {
            return true;
        }
        sightings.set(slot, nonZero);
        return false;
    }

    private int index(long key) {
        return (int) (key ^ (key >>> 32)) & (sets.length() - 1);
    }

    /** How many entries are kept now, in all sets. */
    int kept() {
        int n = 0;
        for (int i = 0; i < sets.length(); i++) {
            n += sets.get(i).length;
        }
        return n;
    }

    @Override
    public String toString() {
        return "KeptSets[" + kept() + " of " + sets.length() * ways + " kept]";
    }
}
