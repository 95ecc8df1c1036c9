package dev.cookiewarden.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the {@code banner.*} keys and the {@code text.<name>.<lang>} overrides. Runs after the
 * global keys, whose languages it checks the overrides against.
 */
final class BannerSection {
    private static final String POLICY_URL_EXPECTED = "a path on this site starting with a single '/', "
            + "or an absolute https:// URL, in printable ASCII without spaces or '\\', of at most "
            + SafeUrls.MAX_LENGTH + " characters";

    private final Values values;
    private final WardenConfig.Builder builder;

    BannerSection(Values values, WardenConfig.Builder builder) {
        this.values = values;
        this.builder = builder;
    }

    /** @param textKeys every {@code text.*} key present, sorted; their names are already known */
    void parse(List<String> textKeys) {
        builder.bannerEnabled = bool(ConfigKey.BANNER_ENABLED);
        builder.bannerErrorPages = bool(ConfigKey.BANNER_ERROR_PAGES);
        builder.bannerSettingsLink = bool(ConfigKey.BANNER_SETTINGS_LINK);
        builder.bannerPolicyUrl = policyUrl();
        builder.textOverrides = texts(textKeys);
    }

    private boolean bool(ConfigKey key) {
        return Values.bool(key.pattern(), values.getOrDefault(key, null));
    }

    private String policyUrl() {
        String key = ConfigKey.BANNER_POLICY_URL.pattern();
        String value = values.get(key);
        if (value == null) {
            return null;
        }
        if (!SafeUrls.isSameSitePath(value) && !SafeUrls.isHttpsUrl(value)) {
            throw new ConfigException(key, value, POLICY_URL_EXPECTED);
        }
        return value;
    }

    private Map<String, Map<String, String>> texts(List<String> textKeys) {
        Map<MessageKey, Map<String, String>> byName = new EnumMap<>(MessageKey.class);
        for (String key : textKeys) {
            String value = values.get(key);
            int dot = key.lastIndexOf('.');
            String lang = key.substring(dot + 1);
            if (!builder.languages.contains(lang)) {
                throw new ConfigException(key, Values.shortened(values.raw(key)),
                        "a key whose language is one of the languages " + builder.languages);
            }
            if (value == null) {
                continue; // empty means unset: the built-in text applies
            }
            MessageKey name = MessageKey.byKey(key.substring("text.".length(), dot)).orElseThrow();
            String text = Values.text(key, value, WardenConfigParser.MAX_TEXT, "a text");
            byName.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(lang, text);
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        byName.forEach((name, perLanguage) -> {
            // In the order of languages, whatever order the keys came in.
            Map<String, String> ordered = new LinkedHashMap<>();
            for (String lang : builder.languages) {
                if (perLanguage.containsKey(lang)) {
                    ordered.put(lang, perLanguage.get(lang));
                }
            }
            out.put(name.key(), Collections.unmodifiableMap(ordered));
        });
        return Collections.unmodifiableMap(out);
    }
}
