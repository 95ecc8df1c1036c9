/**
 * Proof of consent (GDPR art. 7(1)): every choice a visitor makes is kept as a
 * {@link dev.cookiewarden.record.ConsentRecord} in a {@link dev.cookiewarden.record.ConsentLog}.
 *
 * <p>A record holds the pseudonymous consent id, a UTC timestamp, the action, the choice for every
 * configured category, the policy revision and a hash identifying the configuration and texts
 * shown, the language, and optionally a keyed hash of the truncated IP address (never a clear
 * address). Records are immutable; a new choice is a new record.
 *
 * <p>Stores: {@link dev.cookiewarden.record.JsonlConsentLog} ({@code jsonl}, the default) keeps
 * JSON Lines files per UTC day in the data directory, forced to disk before an append returns;
 * {@link dev.cookiewarden.record.JdbcConsentLog} ({@code jdbc}) keeps them in PostgreSQL for sites
 * running several nodes, spilling to local files while the database is away;
 * {@link dev.cookiewarden.record.NoConsentLog} ({@code none}) keeps nothing. Other stores (a
 * message queue, say) implement {@link dev.cookiewarden.record.ConsentLog}.
 * {@link dev.cookiewarden.record.ConsentLog#schedulePurge} enforces the retention the operator
 * chose (compliance item 21).
 *
 * <p>Records, stores and their methods are thread-safe: open one store at startup, share it, close
 * it at shutdown.
 */
package dev.cookiewarden.record;
