package dev.cookiewarden.enforce;

import dev.cookiewarden.memo.CharHash;
import dev.cookiewarden.memo.RecentAnswers;
import java.util.Collections;
import java.util.List;

/**
 * The pairs of {@code Cookie} header lines seen lately. A browser sends the same line on every
 * request until one of its cookies changes, and a visitor's page view is many requests; kept
 * here, a line is parsed once, and its names and values are the same {@code String} instances on
 * every request, whose hash codes (for the classifier, the inventory and the consent cache) are
 * then computed once too. {@link CookieHeader#parse} is a pure function of the line, so a line
 * equal (every character compared) to a kept one gets the kept pairs; and the kept
 * {@link CookieLine} keeps how they were last screened, so that the verdicts of a returning
 * visitor's cookies are not worked out again on every request either.
 *
 * <p>A line is found by its content: a hash of every character chooses the slot, and a kept line
 * equal to it is the answer. Once the container is seen to hand over the very {@code String} it
 * gave for an earlier request (Jetty keeps a connection's header fields), a line is first looked
 * up as that instance, whose identity hash is a load: a browser that sends the same line again on
 * its connection then costs no hash of the line at all.
 *
 * <p>Bounded: {@value #SLOTS} slots ({@link RecentAnswers}), and {@value #SAME_SLOTS} by instance.
 * A line longer than {@value #MAX_CHARS} characters, or of more than {@value #MAX_PAIRS} pairs, is
 * parsed on every request and never kept: a slot holds at most about 12 KB for the line and its
 * pairs (a line at both limits, in UTF-16) and 7 KB for its screening (the visible header, names
 * and the cookies to expire, which share the pairs' Strings), 10 MB in all, and a slot by
 * instance as much again for a line the others have pushed out, 20 MB in all; a typical line of a
 * few cookies a few hundred bytes. Thread-safe.
 */
public final class CookieLineMemo {
    /** Slots; a power of two. */
    static final int SLOTS = 512;
    /** Slots of the lines found by the instance the container handed over; a power of two. */
    static final int SAME_SLOTS = 512;
    /** The longest line kept, in characters. */
    static final int MAX_CHARS = 2048;
    /** The most pairs of a kept line. */
    static final int MAX_PAIRS = 32;

    private final RecentAnswers<String, CookieLine> lines = new RecentAnswers<>(SLOTS);
    /**
     * The kept lines by the very {@code String} the container gave, its identity hash choosing the
     * slot ({@code String.equals} answers an instance by itself before reading a character): read
     * only once the container has been seen to give one instance again ({@link #containerKeepsLines}).
     */
    private final RecentAnswers<String, CookieLine> sameLines = new RecentAnswers<>(SAME_SLOTS);
    /**
     * Whether the container has handed over, for a later request, the very {@code String} it
     * gave for an earlier one: Jetty keeps a connection's header fields and gives the same
     * instance while a browser sends the same line on it (its HTTP/1.1 parser's field cache).
     * Tomcat makes a new {@code String} for every request: there it stays false and the
     * instances are never looked up. Written once, from false to true.
     */
    private volatile boolean containerKeepsLines;

    /**
     * The cookies of the one line {@code line}, as {@link CookieHeader#parse} gives them: the same
     * {@link CookieLine} for every line equal to a kept one.
     */
    public CookieLine read(String line) {
        if (line.length() > MAX_CHARS) {
            return CookieLine.of(CookieHeader.parse(Collections.singletonList(line)));
        }
        if (!containerKeepsLines) {
            return byContent(line);
        }
        // The line's identity hash is in its header once asked: for an instance the container
        // keeps, a load, where the content's hash reads every character of the line.
        int identity = System.identityHashCode(line);
        CookieLine cookies = sameLines.get(line, identity);
        if (cookies == null) {
            cookies = byContent(line);
            if (cookies.kept()) {
                sameLines.put(line, identity, cookies);
            }
        }
        return cookies;
    }

    /** The kept cookies of a line equal to {@code line}, found by its content, else parsed (and kept when it may be). */
    private CookieLine byContent(String line) {
        int hash = hash(line);
        CookieLine cookies = lines.get(line, hash);
        if (cookies == null) {
            List<CookieHeader.Pair> pairs = CookieHeader.parse(Collections.singletonList(line));
            if (pairs.size() > MAX_PAIRS) {
                return CookieLine.of(pairs);
            }
            cookies = new CookieLine(pairs, true, line);
            lines.put(line, hash, cookies);
        } else if (!containerKeepsLines && cookies.line() == line) {
            containerKeepsLines = true;
        }
        return cookies;
    }

    /**
     * A hash of every character of {@code line}. The line is a new String on every request, so
     * its own {@code hashCode()} would be computed afresh each time: a chain of dependent
     * multiplications as long as the line (a few hundred characters), one character at a time.
     * {@link CharHash} reads the String where it is, four characters to a {@code long} in four
     * independent lanes. (A copy of its bytes hashed eight at a time was no faster per request in
     * JMH, and the copy was most of what a returning visitor's request allocated.) Only slots
     * depend on it; a collision costs a comparison.
     */
    static int hash(String line) {
        long h = CharHash.of(line, 0, line.length());
        return (int) (h ^ (h >>> 32));
    }

    /** How many slots hold a line; for tests. */
    int size() {
        return lines.size();
    }

    /** Whether lines are also looked up by instance ({@link #containerKeepsLines}); for tests. */
    boolean looksUpInstances() {
        return containerKeepsLines;
    }

    /** How many instance slots hold a line; for tests. */
    int sameSize() {
        return sameLines.size();
    }

    @Override
    public String toString() {
        return "CookieLineMemo[" + SLOTS + " slots, " + SAME_SLOTS + " by instance, lines up to " + MAX_CHARS + " chars and " + MAX_PAIRS + " pairs]";
    }
}
