package dev.cookiewarden.enforce;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The {@code Cookie} request header: what the browser sends back, split into name-value pairs so
 * the filter can hide the cookies the visitor did not consent to from the application.
 *
 * <p>A browser writes {@code a=1; b="x y"; =z} (6265bis section 5.8.3: pairs joined by
 * {@code "; "}, a nameless cookie as its bare value). This class reads that leniently, because
 * older clients and proxies join several header lines or omit the space, and writes it back in
 * the browser's form. Values are never unquoted or decoded: the application must see exactly the
 * bytes the browser sent for the cookies it keeps.
 *
 * <p>Stateless and thread-safe.
 */
public final class CookieHeader {
    /** Characters of one header line we look at; browsers send at most a few kilobytes. */
    static final int MAX_LINE_CHARS = 8192;
    /** Pairs we keep over all lines: bounds the work an attacker can cause per request. */
    static final int MAX_PAIRS = 300;

    /**
     * One cookie as the browser sent it.
     *
     * @param name the name, empty for a nameless pair (no {@code =}, or nothing before it)
     * @param value the value verbatim, quotes included
     */
    public record Pair(String name, String value) {
        /** Rejects what {@link CookieHeader#format} could not write back unambiguously. */
        public Pair {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.indexOf('=') >= 0 || name.indexOf(';') >= 0) {
                throw new IllegalArgumentException("Cookie name [" + name + "] must not contain '=' or ';'");
            }
            if (value.indexOf(';') >= 0) {
                throw new IllegalArgumentException("Value of cookie [" + name + "] must not contain ';'");
            }
        }

        /** True when the name is empty; the filter drops these, as no declaration can match them. */
        public boolean isNameless() {
            return name.isEmpty();
        }

        /** Name and value length only: values are often session tokens and must not reach logs. */
        @Override
        public String toString() {
            return "Pair[name=" + name + ", value=<" + value.length() + " chars>]";
        }
    }

    private CookieHeader() {
    }

    /**
     * Splits {@code Cookie} header lines into pairs, in order, lines concatenated. Each line is
     * split on {@code ;}; each piece is trimmed of spaces and tabs, empty pieces are skipped, the
     * name is what precedes the first {@code =} (trimmed) and the value what follows (trimmed).
     * A piece without {@code =} is a nameless pair whose value is the piece.
     *
     * <p>Only the first {@value #MAX_LINE_CHARS} characters of a line are read (a pair cut by that
     * limit is dropped, not truncated) and at most {@value #MAX_PAIRS} pairs are returned.
     *
     * @param headerValues the values of every {@code Cookie} header of the request, in order; null
     *                     elements are skipped
     * @return the pairs, unmodifiable; empty when there are none
     */
    public static List<Pair> parse(Iterable<String> headerValues) {
        Objects.requireNonNull(headerValues, "headerValues");
        List<Pair> pairs = new ArrayList<>();
        for (String line : headerValues) {
            if (line == null) {
                continue;
            }
            String text = line;
            if (text.length() > MAX_LINE_CHARS) {
                // Cut at the last ';' within the limit: half a value handed to the application
                // would be a different, corrupt value rather than a missing one.
                // A ';' right at the limit still closes a whole pair, hence the inclusive search.
                int lastSeparator = text.lastIndexOf(';', MAX_LINE_CHARS);
                text = lastSeparator < 0 ? "" : text.substring(0, lastSeparator);
            }
            int start = 0;
            while (start <= text.length() && pairs.size() < MAX_PAIRS) {
                int end = text.indexOf(';', start);
                if (end < 0) {
                    end = text.length();
                }
                Pair pair = pair(text, start, end);
                if (pair != null) {
                    pairs.add(pair);
                }
                start = end + 1;
            }
            if (pairs.size() >= MAX_PAIRS) {
                break;
            }
        }
        return Collections.unmodifiableList(pairs);
    }

    /**
     * Writes pairs back as one {@code Cookie} header value, {@code a=1; b=2}, the way a browser
     * does (section 5.8.3): a nameless pair is written as its bare value, or as {@code =value}
     * when the value holds an {@code =} or is empty, so that parsing it again gives the same pair.
     *
     * @return the header value, or null when {@code pairs} is empty (the header should be removed)
     */
    public static String format(List<Pair> pairs) {
        Objects.requireNonNull(pairs, "pairs");
        if (pairs.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Pair pair : pairs) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            if (!pair.name().isEmpty() || pair.value().isEmpty() || pair.value().indexOf('=') >= 0) {
                sb.append(pair.name()).append('=');
            }
            sb.append(pair.value());
        }
        return sb.toString();
    }

    /** The pair in {@code text} from {@code start} to {@code end}; each part cut once, after trimming. */
    private static Pair pair(String text, int start, int end) {
        int from = CookieSyntax.skipWsp(text, start, end);
        int to = CookieSyntax.backWsp(text, from, end);
        if (from == to) {
            return null; // "a=1;;b=2" and a trailing ';' hold no cookie.
        }
        // Searched within the piece only: a search to the end of the line for every piece would
        // make a long line of '=' -less pieces cost quadratic time.
        int equals = from;
        while (equals < to && text.charAt(equals) != '=') {
            equals++;
        }
        if (equals == to) {
            return new Pair("", text.substring(from, to));
        }
        int valueFrom = CookieSyntax.skipWsp(text, equals + 1, to);
        return new Pair(text.substring(from, CookieSyntax.backWsp(text, from, equals)), text.substring(valueFrom, to));
    }
}
