package dev.cookiewarden.banner;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The latest answers of a cache, found without asking it. A page asks two caches on every
 * request (its language, its snippets); Caffeine records each read for its eviction policy, in
 * buffers every thread writes to, which under load costs more than the answer is worth. This
 * array is read without any write: a slot, chosen by the key's hash, holds the last key that
 * chose it and its answer, and a key equal to it (by {@code equals}) gets that answer. On a miss
 * the caller asks the cache as before and puts the answer here.
 *
 * <p>Bounded by its slot count; it keeps only references to values the caller made. Thread-safe
 * without locks: an entry is immutable, and a thread that misses another's newest entry only asks
 * the cache again.
 *
 * @param <K> keys, with {@code equals} and {@code hashCode} of their content
 * @param <V> answers
 */
final class RecentAnswers<K, V> {
    private record Entry<K, V>(K key, int hash, V value) {
    }

    private final AtomicReferenceArray<Entry<K, V>> slots;

    /** @param slots the number of slots, a power of two */
    RecentAnswers(int slots) {
        if (slots <= 0 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two, not [" + slots + "]");
        }
        this.slots = new AtomicReferenceArray<>(slots);
    }

    /** The answer kept for {@code key}, whose {@code hashCode()} is {@code hash}, or null. */
    V get(K key, int hash) {
        Entry<K, V> e = slots.getPlain(slot(hash));
        return e != null && e.hash == hash && e.key.equals(key) ? e.value : null;
    }

    /** Keeps {@code value} as the answer for {@code key}, pushing out the slot's previous key. */
    void put(K key, int hash, V value) {
        slots.setRelease(slot(hash), new Entry<>(key, hash, value));
    }

    private int slot(int hash) {
        return (hash ^ hash >>> 16) & (slots.length() - 1);
    }

    @Override
    public String toString() {
        return "RecentAnswers[" + slots.length() + " slots]";
    }
}
