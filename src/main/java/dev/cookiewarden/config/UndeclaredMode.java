package dev.cookiewarden.config;

/**
 * What the filter does with a cookie whose name matches no declaration
 * (key {@code cookies.undeclared}, default {@code block}).
 */
public enum UndeclaredMode {
    /** Undeclared cookies are treated as non-exempt and never granted: they are dropped. */
    BLOCK("block"),
    /** Nothing is blocked; what would have been blocked is logged and counted. For rollout on a live site. */
    REPORT_ONLY("report-only"),
    /** Undeclared cookies pass untouched. */
    ALLOW("allow");

    private final String value;

    UndeclaredMode(String value) {
        this.value = value;
    }

    /** The spelling used in the properties file. */
    public String value() {
        return value;
    }
}
