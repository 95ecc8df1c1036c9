package dev.cookiewarden.banner;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A few arrays of {@value #SIZE} bytes, lent to {@link InjectingOutputStream} to pass a write and
 * its snippets on as one write. Containers send each write of a page on its own once it is larger
 * than their aggregation buffer: a write cut in three around a snippet costs Jetty two more
 * flushes (and a system call each) than the application's single write, which is most of what an
 * injected page cost under load. Joining into a fresh array instead allocates and zeroes the page
 * every time, and costs as much; a reused array stays in the cache.
 *
 * <p>Bounded: at most {@code slots} arrays are kept, whatever the number of threads; when every
 * one is lent, {@link #take()} makes a new one, which {@link #give(byte[])} keeps if a slot is
 * free and drops otherwise. Thread-safe and lock-free; arrays are taken and given from the first
 * slot on, so the same few are used again and stay warm.
 */
final class JoinBuffers {
    /** The size of every array: Jetty's default response buffer, the largest write it sends whole. */
    static final int SIZE = 32 * 1024;

    /** Shared by every injector of this class loader: two arrays per processor, 64 at most (2 MiB). */
    static final JoinBuffers SHARED = new JoinBuffers(Math.min(64, 2 * Runtime.getRuntime().availableProcessors()));

    private final AtomicReferenceArray<byte[]> slots;

    /**
     * @param slots how many arrays are kept at most
     * @throws IllegalArgumentException if {@code slots} is not positive
     */
    JoinBuffers(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("A pool of [" + slots + "] buffers cannot lend any");
        }
        this.slots = new AtomicReferenceArray<>(slots);
    }

    /** An array of {@value #SIZE} bytes that nobody else holds until it is given back. */
    byte[] take() {
        for (int i = 0; i < slots.length(); i++) {
            byte[] kept = slots.get(i);
            if (kept != null && slots.compareAndSet(i, kept, null)) {
                return kept;
            }
        }
        return new byte[SIZE];
    }

    /**
     * Gives back an array from {@link #take()}, which the caller must no longer use; dropped if
     * every slot is full.
     */
    void give(byte[] buffer) {
        if (buffer.length != SIZE) {
            throw new IllegalArgumentException("A buffer of [" + buffer.length + "] bytes was not lent here");
        }
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, buffer)) {
                return;
            }
        }
    }

    /** How many arrays are kept at most. */
    int slots() {
        return slots.length();
    }

    /** How many arrays are kept now, for tests. */
    int kept() {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "JoinBuffers[" + kept() + " of " + slots() + " arrays of " + SIZE + " bytes kept]";
    }
}
