package dev.cookiewarden.inventory;

import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One well-known cookie (or family of cookies, when the name is a glob such as {@code _ga_*}) of
 * the built-in {@link CookieCatalog}: what its provider publicly says it is. A suggestion for the
 * operator, never a decision: only the configuration decides what a cookie is. Immutable.
 *
 * @param name exact cookie name, or a glob where {@code *} matches any run of characters
 * @param provider who sets or receives it
 * @param category one of {@link #CATEGORIES}
 * @param purposes a short, factual purpose per language tag; has at least {@code en} and {@code fr}
 * @param retention how long the provider keeps it in the browser; empty for a session cookie
 * @param thirdParty whether a third party (not the site) reads it
 * @param source where the facts come from, in words (a documentation page, a policy)
 * @param note a caveat for the operator (a lifetime shorter than a day, a framework that must not
 *     write it), or empty
 */
public record CatalogEntry(String name, String provider, String category, Map<String, String> purposes,
                           Optional<Period> retention, boolean thirdParty, String source, Optional<String> note) {

    /** The categories the catalog files cookies under, the ones the documentation's example uses. */
    public static final List<String> CATEGORIES = List.of("necessary", "preferences", "analytics", "marketing");

    /** The languages every entry has a purpose in. */
    public static final List<String> LANGUAGES = List.of("en", "fr");

    public CatalogEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(note, "note");
        purposes = Map.copyOf(purposes);
    }

    /** True when the name is a glob. */
    public boolean isGlob() {
        return name.indexOf('*') >= 0;
    }

    /** The purpose in {@code language}, else in English. */
    public String purpose(String language) {
        return purposes.getOrDefault(language, purposes.get("en"));
    }

    /** The retention as the configuration writes it: {@code session} or an ISO-8601 period such as {@code P13M}. */
    public String retentionText() {
        return retention.map(Period::toString).orElse("session");
    }
}
