package dev.cookiewarden.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns properties into a validated, immutable {@link WardenConfig}, in one pass that stops at the
 * first problem with a {@link ConfigException} naming the key, the value and what is accepted.
 *
 * <p>Rules, like HikariCP's {@code HikariConfig}: values are trimmed; an empty value is the same as
 * no value (the default applies); booleans are exactly {@code true} or {@code false}; an unknown
 * key is fatal, since on a consent filter a misspelt key silently falling back to a default is a
 * compliance bug. Keys are examined in sorted order, so the error reported is deterministic. The
 * value of {@code keys} never appears in a message: entries are shown as {@code id:<redacted>}.
 *
 * <p>Every key and its default is listed in {@code docs/CONFIGURATION.md}, which a test keeps equal
 * to {@link #documentedKeys()}. Stateless and thread-safe.
 */
public final class WardenConfigParser {
    /** Where every key is documented, named in the message about an unknown key. */
    public static final String DOCUMENTATION = "docs/CONFIGURATION.md";

    static final int MAX_TEXT = 2000;
    static final int MAX_PROVIDER = 200;
    static final int MAX_CONSENT_COOKIE_NAME = 64;
    static final int MAX_PATH = 1024;
    static final int MAX_DAYS = 400;

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");
    private static final Pattern CATEGORY_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern COOKIE_KEY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern ENDPOINT_PREFIX = Pattern.compile("(/[A-Za-z0-9_.-]+)+");
    private static final List<String> GLOBAL_KEYS = ConfigKey.globals().stream().map(ConfigKey::pattern).toList();

    private final Values values;
    private final WardenConfig.Builder builder = new WardenConfig.Builder();
    /** Keys per category id and per cookie key, as written (ids not yet checked). */
    private final Map<String, List<String>> categoryKeys = new TreeMap<>();
    private final Map<String, List<String>> cookieKeys = new TreeMap<>();
    /** The {@code text.*} overrides, sorted. */
    private final List<String> textKeys = new ArrayList<>();

    private WardenConfigParser(Values values) {
        this.values = values;
    }

    /**
     * Parses and validates {@code properties} (including its defaults, if it has any).
     *
     * @throws ConfigException at the first key that is unknown, missing or not valid
     */
    public static WardenConfig parse(Properties properties) {
        Objects.requireNonNull(properties, "properties");
        return new WardenConfigParser(new Values(properties)).run();
    }

    /**
     * Reads a properties file as UTF-8 (a leading byte-order mark is skipped; invalid UTF-8 is an
     * error, not silently replaced), then parses it like {@link #parse(Properties)}. A key written
     * twice in the file is an error. The stream is not closed.
     *
     * @param sourceName where the stream comes from, for messages (a path or resource name)
     * @throws IOException when the stream cannot be read, is not UTF-8 or has a malformed escape
     * @throws ConfigException at the first key that is unknown, missing, repeated or not valid
     */
    public static WardenConfig parse(InputStream in, String sourceName) throws IOException {
        Objects.requireNonNull(in, "in");
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        Reader reader = new BufferedReader(new InputStreamReader(in, utf8));
        Properties properties = new SingleAssignmentProperties(sourceName);
        try {
            // Editors on Windows start UTF-8 files with a byte-order mark; it is not part of the first key.
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            properties.load(reader);
        } catch (CharacterCodingException e) {
            throw new IOException("Cannot read [" + sourceName + "]: it is not valid UTF-8", e);
        } catch (IllegalArgumentException e) {
            // Properties.load reports a malformed unicode escape (backslash, u, four hex digits) this way.
            throw new IOException("Cannot read [" + sourceName + "]: " + e.getMessage(), e);
        }
        return parse(properties);
    }

    /**
     * Every accepted key pattern ({@code <id>}, {@code <key>} and {@code <lang>} are placeholders)
     * with its default as the documentation shows it: a literal value, {@code (none)},
     * {@code (required)} or a parenthesised remark. In documentation order; unmodifiable.
     */
    public static Map<String, String> documentedKeys() {
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigKey k : ConfigKey.values()) {
            out.put(k.pattern(), k.defaultText());
        }
        return Collections.unmodifiableMap(out);
    }

    private WardenConfig run() {
        sortKeys();
        globals();
        new BannerSection(values, builder).parse(textKeys);
        List<String> ids = categoryIds();
        checkOwners(ids);
        builder.categories = new CategorySection(values, builder.languages).parse(ids);
        builder.cookies = new CookieSection(values, builder).parse(cookieKeys.keySet());
        new ConsentModeSection(values, builder).parse();
        new RecordSection(values, builder).parse();
        return builder.build();
    }

    /** Sorts every key into global, per-category and per-cookie; an unknown key is fatal. */
    private void sortKeys() {
        for (String key : values.keys()) {
            if (key.startsWith("category.")) {
                owner(key, "category.".length(), true, categoryKeys);
            } else if (key.startsWith("cookie.")) {
                owner(key, "cookie.".length(), false, cookieKeys);
            } else if (key.startsWith("text.")) {
                textKey(key);
            } else if (!GLOBAL_KEYS.contains(key)) {
                throw unknown(key, String.join(", ", GLOBAL_KEYS) + ", " + ConfigKey.TEXT.pattern()
                        + ", category.<id>.*, cookie.<key>.*");
            }
        }
    }

    /** {@code text.<name>.<lang>} with a known name; the language is checked with the banner keys. */
    private void textKey(String key) {
        int dot = key.lastIndexOf('.');
        if (dot <= "text.".length() || MessageKey.byKey(key.substring("text.".length(), dot)).isEmpty()) {
            throw new ConfigException(key, Values.shortened(values.raw(key)), "a known key ("
                    + ConfigKey.TEXT.pattern() + " where <name> is one of " + MessageKey.names()
                    + "; see " + DOCUMENTATION + ")");
        }
        textKeys.add(key);
    }

    private void owner(String key, int start, boolean category, Map<String, List<String>> into) {
        int dot = key.indexOf('.', start);
        if (dot <= start || ConfigKey.resolve(category, key.substring(dot + 1)).isEmpty()) {
            throw unknown(key, ConfigKey.patterns(category));
        }
        into.computeIfAbsent(key.substring(start, dot), o -> new ArrayList<>()).add(key);
    }

    private ConfigException unknown(String key, String accepted) {
        return new ConfigException(key, Values.shown(key, values.raw(key)),
                "a known key (" + accepted + "; see " + DOCUMENTATION + ")");
    }

    private void globals() {
        builder.policyRevision = Values.wholeNumber(ConfigKey.POLICY_REVISION.pattern(),
                values.getOrDefault(ConfigKey.POLICY_REVISION, null), 1, 1_000_000_000, "revision");
        builder.languages = languages();
        builder.defaultLanguage = defaultLanguage();
        builder.consentValidity = days(ConfigKey.CONSENT_VALIDITY_DAYS);
        builder.consentCookieName = consentCookieName();
        builder.consentSecure = switch (values.getOrDefault(ConfigKey.CONSENT_SECURE, null)) {
            case "auto" -> SecureMode.AUTO;
            case "always" -> SecureMode.ALWAYS;
            case "never" -> SecureMode.NEVER;
            default -> throw new ConfigException(ConfigKey.CONSENT_SECURE.pattern(),
                    values.get(ConfigKey.CONSENT_SECURE.pattern()), "auto, always or never");
        };
        builder.maxCookieLifetime = days(ConfigKey.COOKIES_MAX_LIFETIME_DAYS);
        builder.undeclaredMode = switch (values.getOrDefault(ConfigKey.COOKIES_UNDECLARED, null)) {
            case "block" -> UndeclaredMode.BLOCK;
            case "report-only" -> UndeclaredMode.REPORT_ONLY;
            case "allow" -> UndeclaredMode.ALLOW;
            default -> throw new ConfigException(ConfigKey.COOKIES_UNDECLARED.pattern(),
                    values.get(ConfigKey.COOKIES_UNDECLARED.pattern()), "block, report-only or allow");
        };
        builder.signingKeys = SigningKeys.parse(values.get(ConfigKey.KEYS.pattern()));
        builder.dataDirectory = dataDirectory();
        builder.endpointPrefix = endpointPrefix();
        builder.honorGpc = Values.bool(ConfigKey.GPC_HONOR.pattern(), values.getOrDefault(ConfigKey.GPC_HONOR, null));
    }

    private List<String> languages() {
        String key = ConfigKey.LANGUAGES.pattern();
        String value = values.getOrDefault(ConfigKey.LANGUAGES, null);
        List<String> out = new ArrayList<>();
        for (String tag : value.split(",", -1)) {
            tag = tag.strip();
            if (!LANGUAGE.matcher(tag).matches()) {
                throw new ConfigException(key, value,
                        "comma-separated two-letter lowercase language tags such as en,fr");
            }
            if (out.contains(tag)) {
                throw new ConfigException(key, value, "each language once; [" + tag + "] is listed twice");
            }
            out.add(tag);
        }
        return List.copyOf(out);
    }

    private String defaultLanguage() {
        String key = ConfigKey.LANGUAGE_DEFAULT.pattern();
        String value = values.get(key);
        if (value == null) {
            // The documented default, en, when the site offers it; a French-only site gets French.
            String en = ConfigKey.LANGUAGE_DEFAULT.literalDefault().orElseThrow();
            return builder.languages.contains(en) ? en : builder.languages.get(0);
        }
        if (!builder.languages.contains(value)) {
            throw new ConfigException(key, value, "one of the languages " + builder.languages);
        }
        return value;
    }

    private Duration days(ConfigKey key) {
        return Duration.ofDays(Values.wholeNumber(key.pattern(), values.getOrDefault(key, null), 1, MAX_DAYS, "days"));
    }

    private String consentCookieName() {
        String key = ConfigKey.CONSENT_COOKIE_NAME.pattern();
        String value = values.getOrDefault(ConfigKey.CONSENT_COOKIE_NAME, null);
        String lower = value.toLowerCase(Locale.ROOT);
        // Browsers match the prefixes case-insensitively (RFC 6265bis section 4.1.3).
        if (!CookieNames.isToken(value) || value.length() > MAX_CONSENT_COOKIE_NAME
                || lower.startsWith("__host-") || lower.startsWith("__secure-")) {
            throw new ConfigException(key, value, "a cookie name (RFC 9110 token characters) of at most "
                    + MAX_CONSENT_COOKIE_NAME + " characters, without a __Host- or __Secure- prefix "
                    + "(the filter adds the prefix itself)");
        }
        return value;
    }

    private Path dataDirectory() {
        String key = ConfigKey.DATA_DIR.pattern();
        String value = values.get(key);
        if (value == null) {
            return null;
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(key, value, "a file system path (" + e.getReason() + ")");
        }
    }

    private String endpointPrefix() {
        String key = ConfigKey.ENDPOINT_PREFIX.pattern();
        String value = values.getOrDefault(ConfigKey.ENDPOINT_PREFIX, null);
        boolean ok = ENDPOINT_PREFIX.matcher(value).matches();
        for (String segment : value.split("/")) {
            ok &= !segment.equals(".") && !segment.equals("..");
        }
        if (!ok) {
            throw new ConfigException(key, value, "a path such as /cookie-consent: starting with '/', "
                    + "not ending with '/', only A-Z a-z 0-9 / _ . -, no empty, '.' or '..' segment");
        }
        return value;
    }

    /** The most categories a configuration may declare: the consent cookie's bound. */
    static final int MAX_CATEGORIES = 64;

    private List<String> categoryIds() {
        String key = ConfigKey.CATEGORIES.pattern();
        String expected = "comma-separated category ids in display order, each matching "
                + CATEGORY_ID.pattern() + " and listed once";
        String value = values.require(key, expected);
        List<String> ids = new ArrayList<>();
        for (String id : value.split(",", -1)) {
            id = id.strip();
            if (!CATEGORY_ID.matcher(id).matches()) {
                throw new ConfigException(key, value, expected);
            }
            if (ids.contains(id)) {
                throw new ConfigException(key, value, "each category id once; [" + id + "] is listed twice");
            }
            ids.add(id);
        }
        if (ids.size() > MAX_CATEGORIES) {
            // The consent cookie holds at most 64 grants (it must stay under 4096 bytes).
            throw new ConfigException(key, value, "at most " + MAX_CATEGORIES + " categories; "
                    + ids.size() + " are listed");
        }
        return ids;
    }

    /**
     * Every {@code category.<id>.*} key names a listed category, every {@code cookie.<key>.*} key a
     * valid declaration key, and every per-language key a configured language. Checked before the
     * sections, so that a typo in an id is reported as such rather than as a missing text.
     */
    private void checkOwners(List<String> ids) {
        SortedSet<String> all = new TreeSet<>();
        categoryKeys.values().forEach(all::addAll);
        cookieKeys.values().forEach(all::addAll);
        for (String key : all) {
            boolean category = key.startsWith("category.");
            int start = category ? "category.".length() : "cookie.".length();
            int dot = key.indexOf('.', start);
            String owner = key.substring(start, dot);
            String value = values.raw(key);
            if (category && !ids.contains(owner)) {
                throw new ConfigException(key, value, "a key of a category listed in categories " + ids
                        + " (no category [" + owner + "] is listed)");
            }
            if (!category && !COOKIE_KEY.matcher(owner).matches()) {
                throw new ConfigException(key, value, "a declaration key matching " + COOKIE_KEY.pattern()
                        + " in cookie.<key>.*");
            }
            String lang = ConfigKey.resolve(category, key.substring(dot + 1)).orElseThrow().lang();
            if (lang != null && !builder.languages.contains(lang)) {
                throw new ConfigException(key, value, "a key whose language is one of the languages "
                        + builder.languages);
            }
        }
    }

    /** Properties that refuse a key loaded twice: last-one-wins would hide a copy-paste mistake. */
    private static final class SingleAssignmentProperties extends Properties {
        private final String sourceName;
        private final Set<Object> loaded = new HashSet<>();

        SingleAssignmentProperties(String sourceName) {
            this.sourceName = sourceName;
        }

        @Override
        public synchronized Object put(Object key, Object value) {
            if (!loaded.add(key)) {
                String k = String.valueOf(key);
                throw new ConfigException(k, Values.shown(k, String.valueOf(value)),
                        "each key set once in [" + sourceName + "]; it is set more than once");
            }
            return super.put(key, value);
        }
    }
}
