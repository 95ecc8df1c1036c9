package dev.cookiewarden.enforce;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Records that {@code name} got {@code verdict} on its way {@code out} (or in). */
    public void record(String name, Verdict verdict, boolean out) {
        if (verdict != Verdict.UNDECLARED_REPORTED && verdict.passes()) {
            return;
        }
        String key = (out ? "out " : "in ") + verdict.name() + " " + name;
        LongAdder adder = counts.get(key);
        if (adder == null) {
            if (counts.size() >= MAX_NAMES) {
                key = (out ? "out " : "in ") + verdict.name() + " " + OVERFLOW;
            }
            adder = counts.computeIfAbsent(key, k -> {
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
        counts.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    @Override
    public String toString() {
        return "CookieObservations[" + counts.size() + " entries]";
    }
}
