package dev.cookiewarden.enforce;

import dev.cookiewarden.config.CookieDeclaration;
import dev.cookiewarden.config.CookieNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the declaration a cookie name belongs to. Immutable and thread-safe; built once at
 * startup so that a request costs a hash lookup (exact names) and, failing that, a few glob
 * matches, without allocating.
 *
 * <p>Cookie names are case-sensitive (RFC 6265bis 5.7: the storage model compares names
 * exactly). An exact declaration wins over any glob; among globs the one with the most literal
 * characters wins, so {@code _ga_*} beats {@code _g*}.
 */
public final class CookieClassifier {
    private final Map<String, Optional<CookieDeclaration>> exact;
    private final Glob[] globs;

    /** @param declarations every declared cookie; names are assumed unique (the parser checks) */
    public CookieClassifier(List<CookieDeclaration> declarations) {
        Map<String, Optional<CookieDeclaration>> byName = new HashMap<>();
        List<Glob> patterns = new ArrayList<>();
        for (CookieDeclaration d : declarations) {
            if (d.isGlob()) {
                patterns.add(new Glob(d));
            } else {
                byName.put(d.namePattern(), Optional.of(d));
            }
        }
        // A stable sort: among globs of equal weight the one declared first is tried first.
        patterns.sort(Comparator.comparingInt((Glob g) -> g.literalLength).reversed());
        // A HashMap, never changed once built: its lookup masks the name's hash, where the
        // map of Map.copyOf divides it (floorMod) on every probe, and every cookie set is classified.
        this.exact = new HashMap<>(byName);
        this.globs = patterns.toArray(new Glob[0]);
    }

    /** The declaration covering {@code name}, or empty for an undeclared cookie. */
    public Optional<CookieDeclaration> classify(String name) {
        Optional<CookieDeclaration> d = exact.get(name);
        if (d != null) {
            return d;
        }
        for (Glob g : globs) {
            if (g.matches(name)) {
                return g.declaration;
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "CookieClassifier[exact=" + exact.size() + ", globs=" + globs.length + "]";
    }

    /**
     * A glob where {@code *} matches any run of characters (line breaks included) and every other
     * character only itself: {@code prefix*middle*...*suffix}. Matched with {@code startsWith},
     * {@code endsWith} and {@code indexOf}, which cannot backtrack: taking the leftmost place of
     * each middle part leaves the most room for the next, so it finds a match whenever one exists.
     */
    static final class Glob {
        final Optional<CookieDeclaration> declaration;
        final int literalLength;
        private final String prefix;
        private final String suffix;
        /** The non-empty runs between stars, in order. */
        private final String[] middle;

        Glob(CookieDeclaration declaration) {
            this(declaration.namePattern(), Optional.of(declaration));
        }

        Glob(String glob, Optional<CookieDeclaration> declaration) {
            int first = glob.indexOf('*');
            int last = glob.lastIndexOf('*');
            if (first < 0) {
                throw new IllegalArgumentException("Glob [" + glob + "] has no '*'");
            }
            this.declaration = declaration;
            this.prefix = glob.substring(0, first);
            this.suffix = glob.substring(last + 1);
            List<String> parts = new ArrayList<>();
            for (String part : glob.substring(first + 1, Math.max(first + 1, last)).split("\\*")) {
                if (!part.isEmpty()) {
                    parts.add(part);
                }
            }
            this.middle = parts.toArray(new String[0]);
            this.literalLength = CookieNames.literalLength(glob);
        }

        /** Whether the glob matches all of {@code name}. */
        boolean matches(String name) {
            int n = name.length();
            // The prefix and the suffix must not overlap: "ab*ba" does not match "aba".
            if (n < literalLength || !name.startsWith(prefix) || !name.endsWith(suffix)) {
                return false;
            }
            int from = prefix.length();
            int to = n - suffix.length();
            for (String part : middle) {
                int at = name.indexOf(part, from);
                if (at < 0 || at + part.length() > to) {
                    return false;
                }
                from = at + part.length();
            }
            return true;
        }
    }
}
