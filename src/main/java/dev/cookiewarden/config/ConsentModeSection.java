package dev.cookiewarden.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the {@code consent-mode.*} keys (Google Consent Mode v2, COMPLIANCE item 25). Runs after
 * the categories: with Consent Mode enabled, every type must follow a listed category or be fixed.
 */
final class ConsentModeSection {
    /** The value of a type that is always granted. */
    static final String GRANTED = "granted";
    /** The value of a type that is always denied. */
    static final String DENIED = "denied";
    static final int MAX_WAIT_MILLIS = 10_000;

    private static final Pattern CATEGORY_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final Values values;
    private final WardenConfig.Builder builder;

    ConsentModeSection(Values values, WardenConfig.Builder builder) {
        this.values = values;
        this.builder = builder;
    }

    void parse() {
        ConfigKey enabledKey = ConfigKey.CONSENT_MODE_ENABLED;
        boolean enabled = Values.bool(enabledKey.pattern(), values.getOrDefault(enabledKey, null));
        ConfigKey waitKey = ConfigKey.CONSENT_MODE_WAIT_FOR_UPDATE;
        int wait = Values.wholeNumber(waitKey.pattern(), values.getOrDefault(waitKey, null),
                0, MAX_WAIT_MILLIS, "milliseconds");
        List<String> ids = Category.ids(builder.categories);
        Map<String, String> mapping = new LinkedHashMap<>();
        for (ConfigKey key : ConfigKey.consentModeTypes()) {
            String value = values.getOrDefault(key, null);
            boolean fixed = value.equals(GRANTED) || value.equals(DENIED);
            // Disabled, the mapping is unused: a default naming a category this site does not have
            // (marketing, say) is fine, but a value that could never be right is still refused.
            if (!fixed && !CATEGORY_ID.matcher(value).matches()) {
                throw new ConfigException(key.pattern(), value, "granted, denied or a category id");
            }
            if (enabled && !fixed && !ids.contains(value)) {
                throw new ConfigException(key.pattern(), value, "granted, denied or one of the categories " + ids
                        + " (consent-mode.enabled is true)");
            }
            mapping.put(key.consentModeType(), value);
        }
        builder.consentMode = enabled;
        builder.consentModeWaitMillis = wait;
        builder.consentModeMapping = Collections.unmodifiableMap(mapping);
    }

    /** The documented mapping, type to value, for a configuration that sets none. */
    static Map<String, String> defaults() {
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigKey key : ConfigKey.consentModeTypes()) {
            out.put(key.consentModeType(), key.literalDefault().orElseThrow());
        }
        return Collections.unmodifiableMap(out);
    }
}
