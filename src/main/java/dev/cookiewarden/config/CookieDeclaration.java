package dev.cookiewarden.config;

import java.time.Period;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One declared cookie (or family of cookies when the name is a glob such as {@code _ga_*}).
 *
 * @param key the declaration key in the properties file ({@code cookie.<key>.*})
 * @param namePattern exact cookie name, or a glob where {@code *} matches any run of characters
 * @param categoryId the id of the category it belongs to
 * @param provider who sets it (first party: the site's own name)
 * @param purposes purpose per language tag; has every configured language
 * @param retention how long it lives; empty for a session cookie
 * @param path the Path it is set with, needed to delete it (default {@code /})
 * @param domain the Domain it is set with, or null for a host-only cookie
 * @param thirdParty whether a third party reads it
 */
public record CookieDeclaration(String key, String namePattern, String categoryId, String provider,
                                Map<String, String> purposes, Optional<Period> retention,
                                String path, String domain, boolean thirdParty) {

    public CookieDeclaration {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(namePattern, "namePattern");
        Objects.requireNonNull(categoryId, "categoryId");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(path, "path");
        purposes = Map.copyOf(purposes);
    }

    /** True when the name is a glob. */
    public boolean isGlob() {
        return namePattern.indexOf('*') >= 0;
    }

    /** The purpose in {@code language}, else in {@code fallback}. */
    public String purpose(String language, String fallback) {
        return purposes.getOrDefault(language, purposes.get(fallback));
    }
}
