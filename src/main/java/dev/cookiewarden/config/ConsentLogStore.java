package dev.cookiewarden.config;

/** Where proof of consent is kept (key {@code consent-log.store}, default {@code jsonl}). */
public enum ConsentLogStore {
    /** Append-only JSON Lines files in the data directory. */
    JSONL("jsonl"),
    /** PostgreSQL, for sites running several nodes. */
    JDBC("jdbc"),
    /** Nothing is kept; a warning is logged at startup. */
    NONE("none");

    private final String value;

    ConsentLogStore(String value) {
        this.value = value;
    }

    /** The spelling used in the properties file. */
    public String value() {
        return value;
    }
}
