package dev.cookiewarden.config;

import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the {@code cookie.<key>.*} declarations, in the order of their keys. Runs after the
 * global keys and the categories, whose values it checks against.
 */
final class CookieSection {
    private static final String NAME_EXPECTED = "a cookie name (RFC 9110 token characters) or a glob "
            + "with at least one literal character, where * matches any run of characters";
    private static final String RETENTION_EXPECTED =
            "session, or a positive ISO-8601 period such as P30D, P13M or P1Y";
    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private final Values values;
    private final List<String> languages;
    private final List<String> categoryIds;
    private final String consentCookieName;
    /** Declarations by name pattern, to refuse a second claim on the same cookie. */
    private final Map<String, CookieDeclaration> byPattern = new HashMap<>();

    CookieSection(Values values, WardenConfig.Builder config) {
        this.values = values;
        this.languages = config.languages;
        this.categoryIds = Category.ids(config.categories);
        this.consentCookieName = config.consentCookieName;
    }

    /** @param keys the declaration keys, sorted */
    List<CookieDeclaration> parse(Set<String> keys) {
        List<CookieDeclaration> out = new ArrayList<>();
        for (String key : keys) {
            out.add(declaration(key));
        }
        return out;
    }

    private CookieDeclaration declaration(String key) {
        String nameKey = ConfigKey.COOKIE_NAME.of(key);
        String name = values.require(nameKey, NAME_EXPECTED);
        if (!CookieNames.isNamePattern(name)) {
            throw new ConfigException(nameKey, name, NAME_EXPECTED);
        }
        checkNotConsentCookie(nameKey, name);

        String categoryKey = ConfigKey.COOKIE_CATEGORY.of(key);
        String category = values.require(categoryKey, "one of the categories " + categoryIds);
        if (!categoryIds.contains(category)) {
            throw new ConfigException(categoryKey, category, "one of the categories " + categoryIds);
        }
        CookieDeclaration other = byPattern.get(name);
        if (other != null) {
            String otherKey = ConfigKey.COOKIE_NAME.of(other.key());
            throw new ConfigException(nameKey, name, other.categoryId().equals(category)
                    ? "a name declared once, not a cookie declared twice: [" + otherKey + "] and ["
                            + nameKey + "] both declare it in [" + category + "]"
                    : "a name declared once, not a cookie claimed by two categories: [" + otherKey
                            + "] puts it in [" + other.categoryId() + "], [" + nameKey + "] in [" + category + "]");
        }

        String providerKey = ConfigKey.COOKIE_PROVIDER.of(key);
        String provider = Values.text(providerKey, values.require(providerKey,
                "who sets the cookie, in at most " + WardenConfigParser.MAX_PROVIDER + " characters"),
                WardenConfigParser.MAX_PROVIDER, "a provider name");

        CookieDeclaration declaration = new CookieDeclaration(key, name, category, provider,
                values.texts(ConfigKey.COOKIE_PURPOSE, key, languages, WardenConfigParser.MAX_TEXT, "a purpose"),
                retention(key), path(key), domain(key),
                Values.bool(ConfigKey.COOKIE_THIRD_PARTY.of(key), values.getOrDefault(ConfigKey.COOKIE_THIRD_PARTY, key)));
        byPattern.put(name, declaration);
        return declaration;
    }

    /**
     * The consent cookie belongs to the filter and is always exempt: a declaration (or a glob) that
     * covers it would let the application's category decide whether consent itself can be stored.
     */
    private void checkNotConsentCookie(String nameKey, String name) {
        for (String prefix : List.of("", "__Host-", "__Secure-", "__host-", "__secure-")) {
            if (CookieNames.matches(name, prefix + consentCookieName)) {
                throw new ConfigException(nameKey, name, "a name that does not cover the consent cookie ["
                        + consentCookieName + "] (with or without __Host- or __Secure-): Cookie Warden owns it");
            }
        }
    }

    private Optional<Period> retention(String key) {
        String k = ConfigKey.COOKIE_RETENTION.of(key);
        String value = values.require(k, RETENTION_EXPECTED);
        if (value.equals("session")) {
            return Optional.empty();
        }
        Period period;
        try {
            period = Period.parse(value);
        } catch (DateTimeParseException e) {
            throw new ConfigException(k, value, RETENTION_EXPECTED);
        }
        if (period.isZero() || period.isNegative()) {
            throw new ConfigException(k, value, RETENTION_EXPECTED);
        }
        return Optional.of(period);
    }

    private String path(String key) {
        String k = ConfigKey.COOKIE_PATH.of(key);
        String value = values.getOrDefault(ConfigKey.COOKIE_PATH, key);
        // RFC 6265bis path-value: any CHAR but CTLs and ';' (spaces refused too), at most 1024 bytes.
        boolean ok = value.startsWith("/") && value.length() <= WardenConfigParser.MAX_PATH
                && value.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != ';');
        if (!ok) {
            throw new ConfigException(k, value, "a path starting with '/' of at most "
                    + WardenConfigParser.MAX_PATH + " visible ASCII characters, without ';'");
        }
        return value;
    }

    private String domain(String key) {
        String k = ConfigKey.COOKIE_DOMAIN.of(key);
        String value = values.get(k);
        if (value == null) {
            return null;
        }
        // A leading dot is legacy syntax that RFC 6265bis ignores (section 5.6.3).
        String host = (value.startsWith(".") ? value.substring(1) : value).toLowerCase(Locale.ROOT);
        if (!HOST.matcher(host).matches()) {
            throw new ConfigException(k, value, "a host name of letters, digits, '-' and '.' such as "
                    + "example.fr (a leading '.' is ignored)");
        }
        return host;
    }
}
