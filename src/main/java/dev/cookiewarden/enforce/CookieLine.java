package dev.cookiewarden.enforce;

import java.util.List;

/**
 * The cookies of one request as the filter read them ({@link CookieHeader#parse}), and, for a
 * {@code Cookie} line that {@link CookieLineMemo} keeps, how they were last screened: a browser
 * sends the same line on every request, under the same consent, so the verdicts of its cookies,
 * what stays visible and how the set is counted are worked out once, not on every request; so is
 * what a caller derives from the cookies alone ({@link #derived}).
 *
 * <p>Thread-safe: a kept line is shared by the requests that send it; its screening is an
 * immutable value that one request may replace while another reads the one before.
 */
public final class CookieLine {
    /** A request without cookies. */
    public static final CookieLine NONE = new CookieLine(List.of(), false, null);

    private final List<CookieHeader.Pair> pairs;
    private final boolean kept;
    /** The line these cookies were read from, when the memo keeps it; else null. */
    private final String line;
    private volatile IncomingScreen screen;
    /** What a caller worked out from these cookies alone, and under which key; kept only on a kept line. */
    private volatile Derived derived;

    private record Derived(Object key, Object value) {
    }

    /**
     * @param pairs the cookies, as {@link CookieHeader#parse} gives them
     * @param kept whether the memo keeps this line for later requests (then its screening is kept with it)
     * @param line the line they were read from, when kept; else null
     */
    CookieLine(List<CookieHeader.Pair> pairs, boolean kept, String line) {
        this.pairs = List.copyOf(pairs);
        this.kept = kept;
        this.line = line;
    }

    /** Cookies read for this one request only; their screening is not kept. */
    public static CookieLine of(List<CookieHeader.Pair> pairs) {
        return pairs.isEmpty() ? NONE : new CookieLine(pairs, false, null);
    }

    /** The cookies, in the order the browser sent them; unmodifiable. */
    public List<CookieHeader.Pair> pairs() {
        return pairs;
    }

    /** Whether later requests that send this line share it (and its screening). */
    boolean kept() {
        return kept;
    }

    /** The {@code String} instance the memo keeps this line as, or null when it is not kept. */
    String line() {
        return line;
    }

    /** The last screening kept, or null. */
    IncomingScreen screen() {
        return screen;
    }

    /** Keeps {@code s} for the next request, when this line is kept at all. */
    void keep(IncomingScreen s) {
        if (kept) {
            screen = s;
        }
    }

    /**
     * What {@link #keepDerived} kept under {@code key} (the same instance), or null: for a value
     * worked out from these cookies alone, such as what the consent cookie among them verifies to.
     */
    public Object derived(Object key) {
        Derived d = derived;
        return d != null && d.key == key ? d.value : null;
    }

    /**
     * Keeps {@code value}, a pure function of these cookies and {@code key}, for the next request
     * that sends this line, when the line is kept at all; it replaces what was kept under any
     * other key.
     */
    public void keepDerived(Object key, Object value) {
        if (kept) {
            derived = new Derived(key, value);
        }
    }

    @Override
    public String toString() {
        return "CookieLine[" + pairs.size() + " cookies" + (kept ? ", kept" : "") + "]";
    }
}
