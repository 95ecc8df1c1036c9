package dev.cookiewarden.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The properties as the parser sees them: values trimmed, an empty value the same as an absent
 * one, keys sorted so that the first error reported does not depend on hash order. Also the typed
 * readings shared by every section, each failing with a {@link ConfigException}.
 */
final class Values {
    /** How many characters of a long text an error message quotes. */
    private static final int SHOWN_TEXT = 40;

    private final SortedMap<String, String> values = new TreeMap<>();

    Values(Properties properties) {
        for (Map.Entry<Object, Object> e : properties.entrySet()) {
            if (!(e.getKey() instanceof String) || !(e.getValue() instanceof String)) {
                throw new ConfigException(String.valueOf(e.getKey()), String.valueOf(e.getValue()),
                        "String keys and values (use Properties.setProperty)");
            }
        }
        // stringPropertyNames() also sees a Properties' defaults.
        for (String key : properties.stringPropertyNames()) {
            values.put(key, properties.getProperty(key).strip());
        }
    }

    /** Every key present, even with an empty value, sorted. */
    SortedSet<String> keys() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(values.keySet()));
    }

    /** The value as written (trimmed), even when empty; null when absent. */
    String raw(String key) {
        return values.get(key);
    }

    /** The trimmed value, or null when absent or empty. */
    String get(String key) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? null : v;
    }

    /** The value, else the documented literal default (null when there is none). */
    String getOrDefault(ConfigKey key, String owner) {
        String v = get(owner == null ? key.pattern() : key.of(owner));
        return v != null ? v : key.literalDefault().orElse(null);
    }

    /** The value of a key that must be set. */
    String require(String key, String expected) {
        String v = get(key);
        if (v == null) {
            throw new ConfigException(key, null, expected);
        }
        return v;
    }

    /**
     * The text of a per-language key in every language, each required and at most
     * {@code max} characters; {@code what} names it in messages ("a label").
     */
    Map<String, String> texts(ConfigKey key, String owner, List<String> languages, int max, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String lang : languages) {
            String k = key.of(owner, lang);
            String v = require(k, what + " in every language of " + languages + ", of at most " + max + " characters");
            out.put(lang, text(k, v, max, what));
        }
        return out;
    }

    /** {@code true} or {@code false}, exactly. */
    static boolean bool(String key, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key, value, "true or false");
        };
    }

    /** A whole number in digits only (no sign, no separators) from {@code min} to {@code max}. */
    static int wholeNumber(String key, String value, int min, int max, String unit) {
        String expected = "a whole number of " + unit + " from " + min + " to " + max;
        if (!value.matches("[0-9]{1,10}")) {
            throw new ConfigException(key, value, expected);
        }
        long n = Long.parseLong(value);
        if (n < min || n > max) {
            throw new ConfigException(key, value, expected);
        }
        return (int) n;
    }

    /** A text shown to visitors: at most {@code max} characters (code points). */
    static String text(String key, String value, int max, String what) {
        if (value.codePointCount(0, value.length()) > max) {
            throw new ConfigException(key, shortened(value), what + " of at most " + max + " characters");
        }
        return value;
    }

    /** A text as a message quotes it: only its start when long, since the whole would drown the message. */
    static String shortened(String value) {
        if (value == null || value.codePointCount(0, value.length()) <= SHOWN_TEXT) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, SHOWN_TEXT)) + "...";
    }

    /** The value shown in a message: a value that may be a secret is not. */
    static String shown(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        boolean secret = k.equals(ConfigKey.KEYS.pattern())
                || k.contains("key") || k.contains("secret") || k.contains("password") || k.contains("token");
        return secret && value != null && !value.isEmpty() ? SigningKeys.REDACTED : value;
    }
}
