package dev.cookiewarden.memo;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The latest answers of a pure function or of a cache, found without a write. Caffeine records
 * each read for its eviction policy, in buffers every thread writes to, which under load costs
 * more than a lookup is worth on the request path (a page's language and snippets, a consent
 * cookie's verification, a {@code Cookie} line's pairs). This array is read without any write: a
 * slot, chosen by the key's hash, holds the last key that chose it and its answer, and a key equal
 * to it (by {@code equals}) gets that answer. On a miss the caller computes the answer, or asks
 * its cache as before, and puts it here. Keys that collide only push each other out, so a client
 * sending many keys makes it useless, never larger.
 *
 * <p>Bounded by its slot count; it keeps only references to values the caller made. Thread-safe
 * without locks: an entry is immutable, and a thread that misses another's newest entry only asks
 * the cache again.
 *
 * @param <K> keys, with {@code equals} and {@code hashCode} of their content
 * @param <V> answers
 */
public final class RecentAnswers<K, V> {
    private record Entry<K, V>(K key, int hash, V value) {
    }

    private final AtomicReferenceArray<Entry<K, V>> slots;

    /** @param slots the number of slots, a power of two */
    public RecentAnswers(int slots) {
        if (slots <= 0 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two, not [" + slots + "]");
        }
        this.slots = new AtomicReferenceArray<>(slots);
    }

    /** The answer kept for {@code key}, whose {@code hashCode()} is {@code hash}, or null. */
    public V get(K key, int hash) {
        Entry<K, V> e = slots.getPlain(slot(hash));
        return e != null && e.hash == hash && e.key.equals(key) ? e.value : null;
    }

    /**
     * The answer kept for {@code key}, else what {@code slow} gives for it (typically a bounded
     * cache's own lookup-or-compute), then kept here unless it is null.
     */
    public V get(K key, int hash, Function<? super K, ? extends V> slow) {
        V value = get(key, hash);
        if (value == null) {
            value = slow.apply(key);
            if (value != null) {
                put(key, hash, value);
            }
        }
        return value;
    }

    /** Keeps {@code value} as the answer for {@code key}, pushing out the slot's previous key. */
    public void put(K key, int hash, V value) {
        slots.setRelease(slot(hash), new Entry<>(key, hash, value));
    }

    /** How many slots hold an answer; for tests, not for the request path. */
    public int size() {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    private int slot(int hash) {
        return (hash ^ hash >>> 16) & (slots.length() - 1);
    }

    @Override
    public String toString() {
        return "RecentAnswers[" + slots.length() + " slots]";
    }
}
