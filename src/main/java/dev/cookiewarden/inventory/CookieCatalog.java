package dev.cookiewarden.inventory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cookiewarden.config.CookieNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The built-in catalog of well-known cookies ({@code catalog.json} beside this class): analytics,
 * advertising, chat and payment providers, web frameworks, load balancers and consent managers. It
 * tells an operator what an undeclared cookie probably is, so that declaring it takes minutes; it
 * decides nothing on the request path.
 *
 * <p>Lookup follows {@link dev.cookiewarden.enforce.CookieClassifier}: names are case-sensitive, an
 * exact name wins over any glob, and among matching globs the one with the most literal characters
 * wins ({@code wp-settings-time-*} beats {@code wp-settings-*}); on a tie, the one listed first.
 *
 * <p>The resource is read once, on first use of {@link #builtIn()}, and every entry is validated:
 * a bad entry is a packaging bug, reported with the entry's name. Immutable and thread-safe.
 */
public final class CookieCatalog {
    static final String RESOURCE = "catalog.json";
    static final int FORMAT = 1;
    static final int MAX_PROVIDER = 200;
    static final int MAX_PURPOSE = 300;
    static final int MAX_SOURCE = 200;
    static final int MAX_NOTE = 300;
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");
    /** Strict reading: a misspelt or repeated field is an error, not a silently missing value. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .build();

    private final List<CatalogEntry> entries;
    private final Map<String, CatalogEntry> exact;
    /** Globs, most literal characters first, then in file order. */
    private final List<CatalogEntry> globs;

    private CookieCatalog(List<CatalogEntry> entries) {
        Map<String, CatalogEntry> byName = new HashMap<>();
        List<CatalogEntry> patterns = new ArrayList<>();
        for (CatalogEntry e : entries) {
            if (e.isGlob()) {
                patterns.add(e);
            } else {
                byName.put(e.name(), e);
            }
        }
        // List.sort is stable: among globs of equal weight, file order decides.
        patterns.sort(Comparator.comparingInt((CatalogEntry e) -> CookieNames.literalLength(e.name())).reversed());
        this.entries = List.copyOf(entries);
        this.exact = Map.copyOf(byName);
        this.globs = List.copyOf(patterns);
    }

    /**
     * The catalog shipped with Cookie Warden, read and validated on first use.
     *
     * @throws IllegalStateException when the resource is missing or an entry is not valid
     */
    public static CookieCatalog builtIn() {
        return BuiltIn.CATALOG;
    }

    /** Holder idiom: the JVM runs the load once, lazily, and publishes it safely. */
    private static final class BuiltIn {
        static final CookieCatalog CATALOG = load();

        private static CookieCatalog load() {
            try (InputStream in = CookieCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("The cookie catalog [" + RESOURCE + "] is missing from the class path");
                }
                return read(in, RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the cookie catalog [" + RESOURCE + "]", e);
            }
        }
    }

    /**
     * Reads and validates a catalog in the format of {@code catalog.json}. The stream is not closed.
     *
     * @throws IllegalStateException naming the entry, when one is not valid
     * @throws IOException when the stream cannot be read or is not well-formed JSON of that shape
     */
    static CookieCatalog read(InputStream in, String sourceName) throws IOException {
        RawCatalog raw = MAPPER.readValue(in, RawCatalog.class);
        if (raw == null || raw.format() == null || raw.format() != FORMAT) {
            throw new IllegalStateException("Cookie catalog [" + sourceName + "]: expected \"format\": " + FORMAT);
        }
        if (raw.entries() == null || raw.entries().isEmpty()) {
            throw new IllegalStateException("Cookie catalog [" + sourceName + "]: no entries");
        }
        List<CatalogEntry> entries = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < raw.entries().size(); i++) {
            CatalogEntry entry = validate(raw.entries().get(i), i, sourceName);
            if (!names.add(entry.name())) {
                throw invalid(sourceName, i, entry.name(), "the name is listed twice");
            }
            entries.add(entry);
        }
        return new CookieCatalog(entries);
    }

    private static CatalogEntry validate(RawEntry e, int index, String source) {
        if (e == null) {
            throw invalid(source, index, null, "the entry is null");
        }
        String name = e.name();
        if (name == null || !CookieNames.isNamePattern(name) || name.length() > DisplayName.MAX_LENGTH) {
            throw invalid(source, index, name, "\"name\" must be a cookie name (RFC 9110 token characters) or a glob "
                    + "with at least one literal character, of at most " + DisplayName.MAX_LENGTH + " characters");
        }
        String provider = text(e.provider(), MAX_PROVIDER, "provider", source, index, name);
        if (e.category() == null || !CatalogEntry.CATEGORIES.contains(e.category())) {
            throw invalid(source, index, name, "unknown category [" + e.category() + "]: expected one of "
                    + CatalogEntry.CATEGORIES);
        }
        Map<String, String> purposes = e.purpose() == null ? Map.of() : e.purpose();
        for (String lang : CatalogEntry.LANGUAGES) {
            if (!purposes.containsKey(lang)) {
                throw invalid(source, index, name, "\"purpose\" has no [" + lang + "] text: every entry needs "
                        + CatalogEntry.LANGUAGES);
            }
        }
        for (Map.Entry<String, String> p : purposes.entrySet()) {
            if (!LANGUAGE.matcher(p.getKey()).matches()) {
                throw invalid(source, index, name, "\"purpose\" language [" + p.getKey() + "] is not a two-letter lowercase tag");
            }
            text(p.getValue(), MAX_PURPOSE, "purpose." + p.getKey(), source, index, name);
        }
        Optional<Period> retention = retention(e.retention(), source, index, name);
        if (e.thirdParty() == null) {
            throw invalid(source, index, name, "\"thirdParty\" must be true or false");
        }
        String origin = text(e.source(), MAX_SOURCE, "source", source, index, name);
        Optional<String> note = e.note() == null ? Optional.empty()
                : Optional.of(text(e.note(), MAX_NOTE, "note", source, index, name));
        return new CatalogEntry(name, provider, e.category(), purposes, retention, e.thirdParty(), origin, note);
    }

    private static Optional<Period> retention(String value, String source, int index, String name) {
        String expected = "\"retention\" must be session or a positive ISO-8601 period such as P1D, P13M or P2Y, "
                + "not [" + value + "]";
        if ("session".equals(value)) {
            return Optional.empty();
        }
        if (value == null) {
            throw invalid(source, index, name, expected);
        }
        try {
            Period p = Period.parse(value);
            if (p.isZero() || p.isNegative()) {
                throw invalid(source, index, name, expected);
            }
            return Optional.of(p);
        } catch (DateTimeParseException ex) {
            throw invalid(source, index, name, expected);
        }
    }

    /** A non-blank single-line text without control characters, of at most {@code max} characters. */
    private static String text(String value, int max, String field, String source, int index, String name) {
        if (value == null || value.isBlank() || value.length() > max || !value.equals(value.strip())
                || value.chars().anyMatch(Character::isISOControl)) {
            throw invalid(source, index, name, "\"" + field + "\" must be a non-blank text of at most " + max
                    + " characters, without surrounding spaces or control characters");
        }
        return value;
    }

    private static IllegalStateException invalid(String source, int index, String name, String problem) {
        return new IllegalStateException("Cookie catalog [" + source + "], entry " + index + " ["
                + (name == null ? "(no name)" : DisplayName.of(name)) + "]: " + problem);
    }

    /**
     * The catalog entry for {@code cookieName}: the entry of that exact name, else the matching glob
     * with the most literal characters; empty when the catalog does not know the cookie.
     */
    public Optional<CatalogEntry> suggest(String cookieName) {
        if (cookieName == null) {
            return Optional.empty();
        }
        CatalogEntry e = exact.get(cookieName);
        if (e != null) {
            return Optional.of(e);
        }
        for (CatalogEntry g : globs) {
            if (CookieNames.matches(g.name(), cookieName)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    /** The number of entries. */
    public int size() {
        return entries.size();
    }

    /** Every entry, in catalog order; unmodifiable. */
    public List<CatalogEntry> entries() {
        return entries;
    }

    @Override
    public String toString() {
        return "CookieCatalog[" + entries.size() + " entries: " + exact.size() + " exact, " + globs.size() + " globs]";
    }

    /** The file as written: strings, so that every check above can name the entry it failed on. */
    record RawCatalog(Integer format, String about, List<RawEntry> entries) {
    }

    record RawEntry(String name, String provider, String category, Map<String, String> purpose,
                    String retention, Boolean thirdParty, String source, String note) {
    }
}
