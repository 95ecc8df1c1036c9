package dev.cookiewarden.config;

/**
 * A configuration that cannot be used. The message names the key, the value in brackets and what
 * would be accepted; it is API and tests assert on it.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;

    /**
     * @param key the offending key, never null
     * @param value the offending value as written (null when the key is missing)
     * @param expected what would be accepted, in words
     */
    public ConfigException(String key, String value, String expected) {
        super(value == null
                ? "The key [" + key + "] is missing: expected " + expected
                : "The value [" + value + "] of key [" + key + "] is not valid: expected " + expected);
        this.key = key;
        this.value = value;
    }

    /** The key the message is about. */
    public String key() {
        return key;
    }

    /** The value the message is about, null when the key was missing. */
    public String value() {
        return value;
    }
}
