package dev.cookiewarden.register;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cookiewarden.banner.Messages;
import dev.cookiewarden.config.Category;
import dev.cookiewarden.config.CookieDeclaration;
import dev.cookiewarden.config.MessageKey;
import dev.cookiewarden.config.WardenConfig;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Identifies one exact configuration and the banner texts it shows: the SHA-256, in lowercase hex
 * (64 characters), of a canonical JSON serialization (every object's keys sorted, lists in their
 * configured order, UTF-8). Proof of consent records it with every choice, so that the texts a
 * visitor saw can be found again later (GDPR art. 7(1); compliance items 17 and 18); the policy
 * endpoints use it in their entity tags.
 *
 * <p>What is hashed is chosen field by field, never "everything but the secrets", so that a key
 * added later cannot slip in unnoticed: the policy revision and effective date; the languages and
 * the default one; the consent cookie's name, secure mode and validity; the lifetime cap, the
 * undeclared-cookie mode, the endpoint prefix and GPC; every category (id, required, GPC, labels,
 * descriptions) in display order; every cookie declaration (every field) in key order; the
 * banner settings; the effective text of every message in every language (the built-in text
 * unless overridden, as {@link Messages} resolves it, so a new release that rewords a built-in
 * text changes the hash); the Consent Mode settings. Never the signing keys, the data directory,
 * the admin token or any consent-log setting (the JDBC URL may carry credentials): two nodes of
 * one site, with one configuration, get the same hash.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigHash {
    /** Changes whenever the canonical serialization does, so that old and new hashes never collide. */
    static final String FORMAT = "cookie-warden-config/1";
    /** How many characters {@link #shortValue()} keeps: enough to tell versions apart at a glance. */
    public static final int SHORT_LENGTH = 12;

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final String value;

    private ConfigHash(String value) {
        this.value = value;
    }

    /** The hash of {@code config} with the texts {@code messages} resolved from it. */
    public static ConfigHash of(WardenConfig config, Messages messages) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(messages, "messages");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical(config, messages));
            return new ConfigHash(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    /** The hash of {@code config} and the texts it resolves to. */
    public static ConfigHash of(WardenConfig config) {
        return of(config, new Messages(config));
    }

    /** The bytes that are hashed: canonical JSON, UTF-8. */
    static byte[] canonical(WardenConfig config, Messages messages) {
        Map<String, Object> root = new TreeMap<>();
        root.put("format", FORMAT);
        root.put("policyRevision", config.policyRevision());
        root.put("policyEffectiveDate", config.policyEffectiveDate().map(Object::toString).orElse(null));
        root.put("languages", config.languages());
        root.put("defaultLanguage", config.defaultLanguage());
        root.put("consentCookieName", config.consentCookieName());
        root.put("consentSecure", config.consentSecure().value());
        root.put("consentValidityDays", config.consentValidity().toDays());
        root.put("maxCookieLifetimeDays", config.maxCookieLifetime().toDays());
        root.put("undeclaredCookies", config.undeclaredMode().value());
        root.put("endpointPrefix", config.endpointPrefix());
        root.put("honorGpc", config.honorGpc());
        List<Object> categories = new ArrayList<>();
        for (Category c : config.categories()) {
            Map<String, Object> m = new TreeMap<>();
            m.put("id", c.id());
            m.put("required", c.required());
            m.put("gpc", c.gpcSensitive());
            m.put("labels", new TreeMap<>(c.labels()));
            m.put("descriptions", new TreeMap<>(c.descriptions()));
            categories.add(m);
        }
        root.put("categories", categories);
        List<Object> cookies = new ArrayList<>();
        for (CookieDeclaration d : config.cookies()) {
            Map<String, Object> m = new TreeMap<>();
            m.put("key", d.key());
            m.put("name", d.namePattern());
            m.put("category", d.categoryId());
            m.put("provider", d.provider());
            m.put("purposes", new TreeMap<>(d.purposes()));
            m.put("retention", d.retention().map(Object::toString).orElse("session"));
            m.put("path", d.path());
            m.put("domain", d.domain());
            m.put("thirdParty", d.thirdParty());
            cookies.add(m);
        }
        root.put("cookies", cookies);
        Map<String, Object> banner = new TreeMap<>();
        banner.put("enabled", config.bannerEnabled());
        banner.put("errorPages", config.bannerErrorPages());
        banner.put("settingsLink", config.bannerSettingsLink());
        banner.put("policyUrl", config.bannerPolicyUrl().orElse(null));
        root.put("banner", banner);
        Map<String, Object> texts = new TreeMap<>();
        for (String lang : config.languages()) {
            Map<String, String> perKey = new TreeMap<>();
            for (MessageKey k : MessageKey.values()) {
                perKey.put(k.key(), messages.text(k, lang));
            }
            texts.put(lang, perKey);
        }
        root.put("texts", texts);
        Map<String, Object> consentMode = new TreeMap<>();
        consentMode.put("enabled", config.consentMode());
        consentMode.put("waitForUpdateMillis", config.consentModeWaitMillis());
        consentMode.put("mapping", new TreeMap<>(config.consentModeMapping()));
        root.put("consentMode", consentMode);
        try {
            return CANONICAL.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize the configuration for its hash", e);
        }
    }

    /** The full hash: 64 lowercase hexadecimal characters. */
    public String value() {
        return value;
    }

    /** The first {@value #SHORT_LENGTH} characters, as shown in small print on the policy page. */
    public String shortValue() {
        return value.substring(0, SHORT_LENGTH);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigHash other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "ConfigHash[" + value + "]";
    }
}
