package dev.cookiewarden.banner;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cookiewarden.config.MessageKey;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.memo.RecentAnswers;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every text of the banner and the preference center, in every configured language: the
 * configuration's {@code text.<name>.<lang>} override, else the built-in text of that language
 * (English and French are built in). For any other language, a text that is not overridden falls
 * back to the same text in {@code language.default} (its override, else its built-in text), and
 * then to English; a warning at startup says how many texts of a language fall back.
 *
 * <p>Texts are plain text: the renderer escapes them. Thread-safe; build once. The texts are
 * immutable; {@link #negotiate(String)} remembers the language of up to
 * {@value #MAX_CACHED_HEADERS} distinct {@code Accept-Language} values (the frequent ones when
 * there are more; real traffic has few), so a repeated value costs a lookup instead of a parse;
 * the latest 64 of them are also kept in {@link RecentAnswers}, read without a write.
 */
public final class Messages {
    private static final Logger LOG = LoggerFactory.getLogger(Messages.class);
    /** The longest {@code Accept-Language} value read; the rest is ignored (a real one is far shorter). */
    static final int MAX_ACCEPT_LANGUAGE = 256;
    /** The most {@code Accept-Language} values whose language is remembered. */
    static final int MAX_CACHED_HEADERS = 1_000;
    private static final String ENGLISH = "en";

    private final List<String> languages;
    private final String defaultLanguage;
    private final Map<String, Map<MessageKey, String>> texts;
    /** Header value to negotiated language; only values of at most {@value #MAX_ACCEPT_LANGUAGE} characters. */
    private final Cache<String, String> negotiated = Caffeine.newBuilder().maximumSize(MAX_CACHED_HEADERS).build();
    /** The latest of them, read on every page without a write to the cache's buffers. */
    private final RecentAnswers<String, String> recent = new RecentAnswers<>(64);
    /** Behind {@link #recent}: the cache, negotiating a value it does not hold. */
    private final Function<String, String> negotiatedOnce;

    /** Resolves every text of every language of {@code config}. */
    public Messages(WardenConfig config) {
        Objects.requireNonNull(config, "config");
        this.languages = config.languages();
        this.defaultLanguage = config.defaultLanguage();
        Map<String, Map<MessageKey, String>> all = new LinkedHashMap<>();
        for (String lang : languages) {
            all.put(lang, resolve(config, lang));
        }
        this.texts = Collections.unmodifiableMap(all);
        this.negotiatedOnce = header -> negotiated.get(header, h -> negotiate(h, languages, defaultLanguage));
    }

    private Map<MessageKey, String> resolve(WardenConfig config, String lang) {
        Map<String, Map<String, String>> overrides = config.textOverrides();
        Map<MessageKey, String> out = new EnumMap<>(MessageKey.class);
        List<String> fellBack = new ArrayList<>();
        for (MessageKey key : MessageKey.values()) {
            Map<String, String> perLanguage = overrides.getOrDefault(key.key(), Map.of());
            String text = perLanguage.get(lang);
            if (text == null) {
                text = BuiltInTexts.of(lang).get(key);
            }
            if (text == null) {
                fellBack.add(key.key());
                text = perLanguage.get(defaultLanguage);
            }
            if (text == null) {
                text = BuiltInTexts.of(defaultLanguage).get(key);
            }
            if (text == null) {
                text = BuiltInTexts.ENGLISH.get(key);
            }
            out.put(key, text);
        }
        if (!fellBack.isEmpty()) {
            LOG.warn("Language [{}] has no built-in banner texts and {} of {} are not set with text.<name>.{}; "
                            + "they are shown in [{}] (or English): {}", lang, fellBack.size(),
                    MessageKey.values().length, lang, defaultLanguage, fellBack);
        }
        return Collections.unmodifiableMap(out);
    }

    /** The configured languages, in order. */
    public List<String> languages() {
        return languages;
    }

    /** The language used when negotiation finds none. */
    public String defaultLanguage() {
        return defaultLanguage;
    }

    /** The text of {@code key} in {@code language}; a language that is not configured gets the default one. */
    public String text(MessageKey key, String language) {
        Map<MessageKey, String> m = texts.get(language);
        return (m != null ? m : texts.get(defaultLanguage)).get(key);
    }

    /**
     * A cookie's lifetime in words: "Session (until you close your browser)" when empty, else the
     * period's non-zero parts, "1 year and 6 months", "13 mois", "1 year, 2 months and 3 days".
     * The period is shown as declared, not normalised ({@code P18M} is "18 months").
     */
    public String retention(Optional<Period> retention, String language) {
        if (retention.isEmpty()) {
            return text(MessageKey.RETENTION_SESSION, language);
        }
        Period p = retention.get();
        List<String> parts = new ArrayList<>();
        part(parts, p.getYears(), MessageKey.RETENTION_YEAR, MessageKey.RETENTION_YEARS, language);
        part(parts, p.getMonths(), MessageKey.RETENTION_MONTH, MessageKey.RETENTION_MONTHS, language);
        part(parts, p.getDays(), MessageKey.RETENTION_DAY, MessageKey.RETENTION_DAYS, language);
        if (parts.isEmpty()) {
            return text(MessageKey.RETENTION_SESSION, language); // a zero period: the parser refuses it
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        String last = parts.remove(parts.size() - 1);
        return String.join(", ", parts) + " " + text(MessageKey.RETENTION_AND, language) + " " + last;
    }

    private void part(List<String> parts, int n, MessageKey one, MessageKey many, String language) {
        if (n != 0) {
            parts.add(n + " " + text(n == 1 ? one : many, language));
        }
    }

    /**
     * {@link #negotiate(String, List, String)} with this configuration's languages. A value of at
     * most {@value #MAX_ACCEPT_LANGUAGE} characters is negotiated once and then looked up; a longer
     * one is negotiated every time and never kept, so that odd headers cannot fill the cache with
     * large keys.
     */
    public String negotiate(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.length() > MAX_ACCEPT_LANGUAGE) {
            return negotiate(acceptLanguage, languages, defaultLanguage);
        }
        return recent.get(acceptLanguage, acceptLanguage.hashCode(), negotiatedOnce);
    }

    /** How many header values are remembered now, after pending evictions: for tests of the bound. */
    long negotiationsCached() {
        negotiated.cleanUp();
        return negotiated.estimatedSize();
    }

    /**
     * The language to show a visitor: the configured language the {@code Accept-Language} header
     * (RFC 9110 section 12.5.4) prefers most, by q-value, matching on the primary subtag
     * ({@code fr-FR} selects {@code fr}). A range with {@code q=0} and no subtag ({@code fr;q=0})
     * excludes that language; {@code *} stands for the default language (or, when that one is
     * excluded, the first configured language that is not). A missing, malformed or unmatched
     * header gives {@code defaultLanguage}. Only the first {@value #MAX_ACCEPT_LANGUAGE}
     * characters are read, cut at a comma.
     */
    public static String negotiate(String acceptLanguageHeader, List<String> languages, String defaultLanguage) {
        if (acceptLanguageHeader == null || acceptLanguageHeader.isBlank()) {
            return defaultLanguage;
        }
        String header = acceptLanguageHeader;
        if (header.length() > MAX_ACCEPT_LANGUAGE) {
            int comma = header.lastIndexOf(',', MAX_ACCEPT_LANGUAGE);
            if (comma <= 0) {
                return defaultLanguage;
            }
            header = header.substring(0, comma);
        }
        List<Locale.LanguageRange> ranges;
        try {
            // Sorted by weight, highest first; ties keep the header's order.
            ranges = Locale.LanguageRange.parse(header);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            // JDK 17 throws ArrayIndexOutOfBoundsException for a range of dashes alone ("-", "a,-").
            return defaultLanguage;
        }
        Set<String> excluded = new HashSet<>();
        for (Locale.LanguageRange r : ranges) {
            if (r.getWeight() == 0 && r.getRange().indexOf('-') < 0) {
                excluded.add(r.getRange());
            }
        }
        for (Locale.LanguageRange r : ranges) {
            if (r.getWeight() == 0) {
                break;
            }
            String range = r.getRange();
            int dash = range.indexOf('-');
            String primary = (dash < 0 ? range : range.substring(0, dash)).toLowerCase(Locale.ROOT);
            if (primary.equals("*")) {
                return anyLanguage(languages, defaultLanguage, excluded);
            }
            if (languages.contains(primary) && !excluded.contains(primary)) {
                return primary;
            }
        }
        return defaultLanguage;
    }

    private static String anyLanguage(List<String> languages, String defaultLanguage, Set<String> excluded) {
        if (!excluded.contains(defaultLanguage)) {
            return defaultLanguage;
        }
        for (String lang : languages) {
            if (!excluded.contains(lang)) {
                return lang;
            }
        }
        return defaultLanguage;
    }

    /** The languages whose texts are all built in. */
    public static Set<String> builtInLanguages() {
        return Set.of(ENGLISH, "fr");
    }

    @Override
    public String toString() {
        return "Messages[languages=" + languages + ", default=" + defaultLanguage + "]";
    }
}
