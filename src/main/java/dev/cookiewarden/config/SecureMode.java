package dev.cookiewarden.config;

/**
 * Whether the consent cookie carries {@code Secure} and the {@code __Host-} prefix
 * (key {@code consent.secure}, default {@code auto}).
 */
public enum SecureMode {
    /** Secure and {@code __Host-} when the request is secure ({@code ServletRequest#isSecure()}). */
    AUTO("auto"),
    /** Always Secure and {@code __Host-}: for sites behind a TLS-terminating proxy. */
    ALWAYS("always"),
    /** Never Secure: for plain-HTTP development only. */
    NEVER("never");

    private final String value;

    SecureMode(String value) {
        this.value = value;
    }

    /** The spelling used in the properties file. */
    public String value() {
        return value;
    }
}
