package dev.cookiewarden.record;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The {@code none} store: keeps nothing. {@link #append} accepts and drops the record,
 * {@link #history} is always empty, {@link #export} feeds nothing, {@link #purgeBefore} removes 0.
 * Thread-safe.
 *
 * <p>With it the site cannot demonstrate consent (GDPR art. 7(1), compliance item 17) unless it
 * keeps proof elsewhere. Whoever installs it must log a warning at startup saying so, for example
 * {@code "Consent records are not kept (record store none): the site cannot prove consent"}.
 */
public final class NoConsentLog implements ConsentLog {
    private volatile boolean closed;

    /** A store that keeps nothing. */
    public NoConsentLog() {
    }

    @Override
    public void append(ConsentRecord record) {
        Objects.requireNonNull(record, "record");
        checkOpen();
    }

    @Override
    public List<ConsentRecord> history(String consentId) {
        Objects.requireNonNull(consentId, "consentId");
        checkOpen();
        return List.of();
    }

    @Override
    public void export(Instant fromInclusive, Instant toExclusive, Consumer<ConsentRecord> sink) {
        Objects.requireNonNull(fromInclusive, "fromInclusive");
        Objects.requireNonNull(toExclusive, "toExclusive");
        Objects.requireNonNull(sink, "sink");
        if (toExclusive.isBefore(fromInclusive)) {
            throw new IllegalArgumentException("toExclusive [" + toExclusive + "] is before fromInclusive ["
                    + fromInclusive + "]");
        }
        checkOpen();
    }

    @Override
    public int purgeBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        checkOpen();
        return 0;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** {@code none}. */
    @Override
    public String kind() {
        return "none";
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The consent log [none] is closed");
        }
    }

    @Override
    public String toString() {
        return "NoConsentLog[closed=" + closed + "]";
    }
}
