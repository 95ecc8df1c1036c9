package dev.cookiewarden.enforce;

import dev.cookiewarden.config.CookieDeclaration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the declaration a cookie name belongs to. Immutable and thread-safe; built once at
 * startup so that a request costs a hash lookup (exact names) and, failing that, a few glob
 * matches.
 *
 * <p>Cookie names are case-sensitive (RFC 6265bis 5.7: the storage model compares names
 * exactly). An exact declaration wins over any glob; among globs the one with the most literal
 * characters wins, so {@code _ga_*} beats {@code _g*}.
 */
public final class CookieClassifier {
    private final Map<String, CookieDeclaration> exact;
    private final List<Glob> globs;

    /** @param declarations every declared cookie; names are assumed unique (the parser checks) */
    public CookieClassifier(List<CookieDeclaration> declarations) {
        Map<String, CookieDeclaration> byName = new HashMap<>();
        List<Glob> patterns = new ArrayList<>();
        for (CookieDeclaration d : declarations) {
            if (d.isGlob()) {
                patterns.add(new Glob(d, compile(d.namePattern()), d.namePattern().replace("*", "").length()));
            } else {
                byName.put(d.namePattern(), d);
            }
        }
        patterns.sort(Comparator.comparingInt(Glob::literalLength).reversed());
        this.exact = Map.copyOf(byName);
        this.globs = List.copyOf(patterns);
    }

    /** The declaration covering {@code name}, or empty for an undeclared cookie. */
    public Optional<CookieDeclaration> classify(String name) {
        CookieDeclaration d = exact.get(name);
        if (d != null) {
            return Optional.of(d);
        }
        for (Glob g : globs) {
            if (g.pattern.matcher(name).matches()) {
                return Optional.of(g.declaration);
            }
        }
        return Optional.empty();
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        int start = 0;
        for (int star = glob.indexOf('*'); star >= 0; star = glob.indexOf('*', start)) {
            if (star > start) {
                regex.append(Pattern.quote(glob.substring(start, star)));
            }
            regex.append(".*");
            start = star + 1;
        }
        if (start < glob.length()) {
            regex.append(Pattern.quote(glob.substring(start)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    @Override
    public String toString() {
        return "CookieClassifier[exact=" + exact.size() + ", globs=" + globs.size() + "]";
    }

    private record Glob(CookieDeclaration declaration, Pattern pattern, int literalLength) {
    }
}
