package dev.cookiewarden.enforce;

/** What the policy decided for one cookie name, and why. */
public enum Verdict {
    /** Declared in a required (strictly necessary) category. */
    REQUIRED(true, false),
    /** Declared in a category the visitor granted. */
    GRANTED(true, true),
    /** Declared in a category the visitor has not granted. */
    NOT_GRANTED(false, true),
    /** Declared nowhere, and {@code cookies.undeclared=block}. */
    UNDECLARED_BLOCKED(false, true),
    /** Declared nowhere, {@code cookies.undeclared=report-only}: passes, but is counted. */
    UNDECLARED_REPORTED(true, true),
    /** Declared nowhere, {@code cookies.undeclared=allow}. */
    UNDECLARED_ALLOWED(true, false),
    /** Not a cookie an application may write: nameless, malformed, or named like the consent cookie. */
    FORBIDDEN(false, false);

    private final boolean passes;
    private final boolean consentDependent;

    Verdict(boolean passes, boolean consentDependent) {
        this.passes = passes;
        this.consentDependent = consentDependent;
    }

    /** Whether the cookie may reach the browser or the application. */
    public boolean passes() {
        return passes;
    }

    /** Whether the outcome depends on the visitor's consent (so caches must vary on it). */
    public boolean consentDependent() {
        return consentDependent;
    }
}
