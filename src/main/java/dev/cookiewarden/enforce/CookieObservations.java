package dev.cookiewarden.enforce;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts, per cookie name and verdict, what the filter blocked or (in {@code report-only} mode)
 * would have blocked. Thread-safe and bounded: past {@link #MAX_NAMES} distinct names, further
 * names are counted under {@link #OVERFLOW} so that a client inventing names cannot grow it.
 * Each name is logged once, at its first sighting; values are never logged.
 */
public final class CookieObservations {
    /** The most distinct names kept. */
    public static final int MAX_NAMES = 1000;
    /** The bucket for names past the bound. */
    public static final String OVERFLOW = "(other names)";

    private static final Logger LOG = LoggerFactory.getLogger(CookieObservations.class);
    private static final Verdict[] VERDICTS = Verdict.values();

    /**
     * Counters by name, one map per direction and verdict ({@link #slot}), so that counting a
     * known name builds no key: a blocked cookie is counted on every request that carries it.
     */
    private final Map<String, LongAdder>[] counts;
    /** Entries over all maps, overflow buckets included: what the bound applies to. */
    private final AtomicInteger size = new AtomicInteger();

    @SuppressWarnings("unchecked")
    public CookieObservations() {
        counts = new Map[2 * VERDICTS.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new ConcurrentHashMap<>();
        }
    }

    private static int slot(Verdict verdict, boolean out) {
        return (out ? VERDICTS.length : 0) + verdict.ordinal();
    }

    /** Records that {@code name} got {@code verdict} on its way {@code out} (or in). */
    public void record(String name, Verdict verdict, boolean out) {
        if (verdict != Verdict.UNDECLARED_REPORTED && verdict.passes()) {
            return;
        }
        Map<String, LongAdder> byName = counts[slot(verdict, out)];
        LongAdder adder = byName.get(name);
        if (adder == null) {
            String key = size.get() >= MAX_NAMES ? OVERFLOW : name;
            adder = byName.computeIfAbsent(key, k -> {
                size.incrementAndGet();
                if (LOG.isInfoEnabled()) {
                    LOG.info("Cookie [{}] {} ({}): {}", Printable.of(name, 64), out ? "set by the application" : "sent by the browser",
                            verdict.name(), verdict == Verdict.UNDECLARED_REPORTED ? "would be blocked (report-only)" : "blocked");
                }
                return new LongAdder();
            });
        }
        adder.increment();
    }

    /** A snapshot: {@code "<out|in> <VERDICT> <name>"} to count, sorted. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        for (int i = 0; i < counts.length; i++) {
            String prefix = (i >= VERDICTS.length ? "out " : "in ") + VERDICTS[i % VERDICTS.length].name() + " ";
            counts[i].forEach((name, adder) -> copy.put(prefix + name, adder.sum()));
        }
        return copy;
    }

    @Override
    public String toString() {
        return "CookieObservations[" + size.get() + " entries]";
    }
}
