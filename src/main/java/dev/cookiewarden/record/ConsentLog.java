package dev.cookiewarden.record;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * Where proof of consent is kept (GDPR art. 7(1)): the extension point for record stores. The
 * built-in stores are {@link JsonlConsentLog} ({@code jsonl}, the default, files in the data
 * directory), {@link JdbcConsentLog} ({@code jdbc}, PostgreSQL, for several nodes) and
 * {@link NoConsentLog} ({@code none}).
 *
 * <p>The contract every implementation keeps:
 * <ul>
 *   <li><b>Thread-safe.</b> One instance is shared by every request thread and the purge task.</li>
 *   <li><b>Durable on return.</b> {@link #append} returns only once the record would survive the
 *       process being killed and, as far as the store can tell, the machine losing power. A store
 *       that batches writes says in its documentation how long a record may wait for its batch
 *       (its group-commit window); it still never returns before its own record is durable.</li>
 *   <li><b>Append-only.</b> Records are never changed; a new choice is a new record. Only
 *       {@link #purgeBefore} removes records, and only by age.</li>
 *   <li><b>Failures are loud.</b> When {@code append} throws, the record may or may not have been
 *       kept, and the caller must not count it as proven. Reading methods skip records they cannot
 *       read, and report them in a way the store documents, rather than failing the whole read.</li>
 *   <li><b>No clear IP address</b> is ever stored: {@link ConsentRecord} only carries a keyed hash.</li>
 * </ul>
 * After {@link #close()} every other method but {@link #kind()} throws {@link IllegalStateException}.
 */
public interface ConsentLog extends AutoCloseable {

    /**
     * Keeps {@code record}; returns once it is durable (see the class description and the store's
     * group-commit window).
     *
     * @throws IOException if the record could not be made durable; it may or may not be kept
     * @throws IllegalStateException if the log is closed
     */
    void append(ConsentRecord record) throws IOException;

    /**
     * Every kept record of {@code consentId}, oldest first (by timestamp, ties in the order they
     * were appended); empty if there is none. Meant for a visitor's own copy of their choices
     * (GDPR art. 20) and for answering a regulator about one visitor.
     *
     * @throws IOException if the store cannot be read
     */
    List<ConsentRecord> history(String consentId) throws IOException;

    /**
     * Feeds {@code sink} every kept record whose timestamp is at or after {@code fromInclusive}
     * and before {@code toExclusive}, streaming (never the whole range in memory). Order: by UTC
     * day, and within a day in the order appended, which is timestamp order up to the few
     * milliseconds between taking a timestamp and appending. An exception thrown by
     * {@code sink} stops the export and propagates.
     *
     * @throws IOException if the store cannot be read
     * @throws IllegalArgumentException if {@code toExclusive} is before {@code fromInclusive}
     */
    void export(Instant fromInclusive, Instant toExclusive, Consumer<ConsentRecord> sink) throws IOException;

    /**
     * Removes every record timestamped before {@code cutoff}, enforcing the configured retention
     * (compliance item 21); records at or after {@code cutoff} are kept.
     *
     * @return the number of records removed (a store that holds unreadable entries counts those
     *         it removes too, and documents it); 0 when nothing was old enough; at most
     *         {@link Integer#MAX_VALUE}
     * @throws IOException if removing failed; records not yet removed are still there and a later
     *                     purge removes them
     */
    int purgeBefore(Instant cutoff) throws IOException;

    /**
     * Releases files and connections. Appends that have returned are durable already. Idempotent;
     * never throws: problems are logged.
     */
    @Override
    void close();

    /** The short name of this store, as configured and shown in the startup line: {@code jsonl}, {@code jdbc}, {@code none}. */
    String kind();

    /**
     * Enforces a retention on {@code log}: runs {@code log.purgeBefore(clock.instant() - retention)}
     * on {@code executor} at once and then every 24 hours, so that no record outlives the retention
     * by more than a day. A failed purge is logged as a warning and does not stop later runs.
     * Cancel the returned future (and close the log after it) when shutting down.
     *
     * <p>How long consent records are kept is the operator's decision: no law sets a period. It
     * should cover how long the operator may have to prove a consent, for instance the validity
     * of a choice plus a limitation period.
     *
     * @param retention how long a record is kept, positive
     * @throws IllegalArgumentException if {@code retention} is zero or negative
     */
    static ScheduledFuture<?> schedulePurge(ConsentLog log, Duration retention, ScheduledExecutorService executor,
                                           Clock clock) {
        return PurgeSchedule.start(log, retention, executor, clock, PurgeSchedule.DAILY);
    }
}
