package dev.cookiewarden.record;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code jdbc} consent record store, for sites running several nodes: records in one
 * PostgreSQL table shared by every node, written off the request thread. Thread-safe; one instance
 * per node and data directory.
 *
 * <h2>Appending: local first, database soon after</h2>
 * {@link #append} writes the record to a local <em>spill</em> in
 * {@code <data-dir>/consent-log-spill/} (JSON Lines, group-committed with fsync, like the
 * {@code jsonl} store: see {@link JsonlConsentLog} for the window) and hands it to a writer thread
 * through a bounded queue ({@link Settings#queueSize()}); it returns once the record is durable on
 * local disk, and never waits for the database. The writer thread inserts up to 500 records per
 * transaction, then moves a checkpoint in the spill past them. Every record gets a random key
 * ({@code record_uid}, kept beside it in the spill) and inserts do nothing when the key exists, so
 * a record sent twice, after a crash or a lost reply, is stored once. {@link #pending()} counts the
 * records acknowledged but not yet known to be in the database.
 *
 * <h2>When the database is down</h2>
 * Requests do not notice: appends go on at the speed of the local disk. When the queue is full,
 * records are still in the spill. The writer retries with exponential backoff (up to 10 seconds
 * apart), logs one warning when the database stops answering and one when it answers again (never
 * a record's content), counts failed attempts in {@link #failures()}, and then writes everything
 * the spill holds; those read back from the spill are counted in {@link #replayed()}. If the
 * database cannot be reached at startup, the log opens anyway and creates its tables once it can;
 * wrong credentials, a missing database or a failing migration stop the startup.
 *
 * <h2>The table</h2>
 * At startup the schema is created or migrated (numbered migrations, in one transaction under an
 * advisory lock, so nodes starting together take turns) in the connection's current schema: set
 * {@code currentSchema} in the URL to choose one. {@code cookie_warden_schema_version} lists the
 * migrations applied; {@code cookie_warden_consent} holds one row per record:
 * {@code id} (bigserial), {@code record_uid} (uuid, unique), {@code consent_id}, {@code recorded_at}
 * (timestamptz), {@code action} (the {@link ConsentAction#token() token}), {@code grants} (jsonb,
 * category to true or false), {@code policy_revision}, {@code config_hash}, {@code language} and
 * {@code ip_hash} (null when there is none), indexed on {@code consent_id} and {@code recorded_at}.
 * For example: {@code SELECT recorded_at, action, grants FROM cookie_warden_consent WHERE consent_id
 * = 'q0C4cYbGqC7V2i1mV1o0Lw' ORDER BY recorded_at, id}.
 *
 * <h2>Reading and retention</h2>
 * {@link #history} and {@link #export} read the database: a record appended a moment ago, or while
 * the database was down, shows once written ({@link #pending()} says how many are on their way).
 * {@code jsonb} does not keep the order of keys, so categories come back in its order (shorter names
 * first) rather than in display order. A row that is not a valid record is skipped and logged by
 * its {@code id}. {@link #purgeBefore} deletes the rows before the cutoff, 10,000 per transaction;
 * records before the cutoff still waiting in the spill are then dropped rather than written, and
 * spill files of past days go as soon as the database holds all of their records.
 */
public final class JdbcConsentLog implements ConsentLog {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcConsentLog.class);
    private static final String DRIVER = "org.postgresql.Driver";
    private static final Pattern CONSENT_ID = Pattern.compile("[A-Za-z0-9_-]{" + ConsentRecord.CONSENT_ID_LENGTH + "}");
    private static final Instant FIRST = Instant.EPOCH;
    private static final Instant END = LocalDate.of(10000, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final long CLOSE_WAIT_SECONDS = 10;

    /**
     * How to reach the database. Immutable; {@link #toString()} never shows the password.
     *
     * @param url the PostgreSQL JDBC URL, such as {@code jdbc:postgresql://db.internal:5432/shop?currentSchema=consent};
     *            the driver's own parameters (ssl, sslmode, timeouts) go here
     * @param user the user, or null (or empty) to take it from the URL or the driver's defaults
     * @param password the password, or null (or empty) for none
     * @param poolSize the most connections this node opens, 1 to 100; default {@value #DEFAULT_POOL_SIZE}
     * @param queueSize how many records wait in memory for the database, 1 to 1,000,000, default
     *                  {@value #DEFAULT_QUEUE_SIZE}; beyond, they wait in the spill only
     */
    public record Settings(String url, String user, String password, int poolSize, int queueSize) {
        /** The default {@code poolSize}. */
        public static final int DEFAULT_POOL_SIZE = 4;
        /** The default {@code queueSize}. */
        public static final int DEFAULT_QUEUE_SIZE = 10_000;
        private static final int MAX_POOL_SIZE = 100;
        private static final int MAX_QUEUE_SIZE = 1_000_000;
        private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");

        /**
         * Validates; empty {@code user} and {@code password} become null.
         *
         * @throws IllegalArgumentException naming the setting and the value (never the password)
         */
        public Settings {
            Objects.requireNonNull(url, "url");
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("url [" + redact(url) + "] must be a PostgreSQL JDBC URL, such as"
                        + " jdbc:postgresql://localhost:5432/shop: the jdbc store uses PostgreSQL's jsonb, ON CONFLICT"
                        + " and advisory locks");
            }
            user = user == null || user.isEmpty() ? null : user;
            password = password == null || password.isEmpty() ? null : password;
            if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
                throw new IllegalArgumentException("poolSize [" + poolSize + "] must be between 1 and " + MAX_POOL_SIZE);
            }
            if (queueSize < 1 || queueSize > MAX_QUEUE_SIZE) {
                throw new IllegalArgumentException("queueSize [" + queueSize + "] must be between 1 and "
                        + MAX_QUEUE_SIZE);
            }
        }

        /** With the default pool and queue sizes. */
        public Settings(String url, String user, String password) {
            this(url, user, password, DEFAULT_POOL_SIZE, DEFAULT_QUEUE_SIZE);
        }

        /** The URL with the value of any {@code password} parameter hidden. */
        static String redact(String url) {
            return PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
        }

        @Override
        public String toString() {
            return "Settings[url=" + redact(url) + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                    + ", poolSize=" + poolSize + ", queueSize=" + queueSize + "]";
        }
    }

    /** Timeouts and the clock; tests shorten them. */
    record Timing(Duration connectionTimeout, Duration minBackoff, Duration maxBackoff, Duration closeGrace,
                  Clock clock) {
        static final Timing DEFAULT = new Timing(Duration.ofSeconds(5), Duration.ofMillis(250), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Clock.systemUTC());
    }

    private final Settings settings;
    private final HikariDataSource pool;
    private final SpillLog spill;
    private final ConsentTable table;
    private final SchemaMigrations migrations;
    private final DatabaseWriter writer;
    private final Duration closeGrace;
    /** Appends share it; close takes it alone, so that no append is half done when the writer stops. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final Object schemaLock = new Object();
    private volatile boolean schemaReady;
    private volatile boolean closed;

    private JdbcConsentLog(Settings settings, HikariDataSource pool, SpillLog spill, Timing timing) {
        this.settings = settings;
        this.pool = pool;
        this.spill = spill;
        this.table = new ConsentTable(pool);
        this.migrations = new SchemaMigrations();
        this.closeGrace = timing.closeGrace();
        this.writer = new DatabaseWriter(spill, new DatabaseWriter.Database() {
            @Override
            public void ensureSchema() throws SQLException {
                JdbcConsentLog.this.ensureSchema();
            }

            @Override
            public ConsentTable table() {
                return table;
            }
        }, settings.queueSize(), timing.minBackoff(), timing.maxBackoff());
    }

    /**
     * Opens the store: locks and reads the spill in {@code dataDirectory}, starts the connection
     * pool, creates or migrates the tables, and starts writing what the spill still holds.
     *
     * @throws IOException if the spill cannot be opened (another process has it), the database
     *                     refuses the credentials, does not exist, or a migration fails; an
     *                     unreachable database is not an error (see the class description)
     * @throws IllegalStateException if the PostgreSQL driver is not on the class path
     */
    public static JdbcConsentLog open(Settings settings, Path dataDirectory) throws IOException {
        return open(settings, dataDirectory, Timing.DEFAULT);
    }

    static JdbcConsentLog open(Settings settings, Path dataDirectory, Timing timing) throws IOException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        try {
            Class.forName(DRIVER, false, JdbcConsentLog.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("The jdbc consent log needs the PostgreSQL driver (org.postgresql:postgresql)"
                    + " on the class path", e);
        }
        SpillLog spill = SpillLog.open(dataDirectory, timing.clock());
        HikariDataSource pool = null;
        JdbcConsentLog log = null;
        try {
            pool = new HikariDataSource(poolConfig(settings, timing));
            log = new JdbcConsentLog(settings, pool, spill, timing);
            log.migrateAtStartup();
            long unreplayed = spill.countUnreplayed();
            log.writer.start(unreplayed);
            LOG.info("Consent log [jdbc]: PostgreSQL at [{}], pool of {}, queue of {}, spill in [{}], {} record(s)"
                    + " to write from it", Settings.redact(settings.url()), settings.poolSize(), settings.queueSize(),
                    spill.directory(), unreplayed);
            return log;
        } catch (IOException | RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            spill.close();
            throw e;
        }
    }

    private static HikariConfig poolConfig(Settings settings, Timing timing) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("cookie-warden-consent");
        // Named rather than found through DriverManager, which does not see drivers in a web application's own jars.
        config.setDriverClassName(DRIVER);
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setAutoCommit(false);
        long timeout = timing.connectionTimeout().toMillis();
        config.setConnectionTimeout(timeout);
        config.setValidationTimeout(Math.max(250, timeout / 2));
        config.setInitializationFailTimeout(-1); // an unreachable database must not stop the startup
        // Defaults for the driver; parameters in the URL win over them.
        config.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, timeout / 1000)));
        config.addDataSourceProperty("socketTimeout", "60");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "cookie-warden");
        // Server error details quote row values, records included; keep them out of messages and logs.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        return config;
    }

    private void migrateAtStartup() throws IOException {
        try {
            ensureSchema();
        } catch (SQLException e) {
            String state = DatabaseWriter.stateOf(e);
            if (state != null && (state.startsWith("28") || state.startsWith("3D") || state.startsWith("3F")
                    || state.startsWith("42") || state.startsWith("0A"))) {
                throw new IOException("Consent log [jdbc]: cannot prepare the tables at [" + Settings.redact(settings.url())
                        + "] (" + DatabaseWriter.describe(e) + "): check the URL, the user, its rights and the schema",
                        e);
            }
            LOG.warn("Consent log [jdbc]: the database at [{}] cannot be reached ({}); starting anyway: records are kept"
                    + " in [{}] and the tables are created once it answers", Settings.redact(settings.url()),
                    DatabaseWriter.describe(e), spill.directory());
        }
    }

    private void ensureSchema() throws SQLException {
        if (schemaReady) {
            return;
        }
        synchronized (schemaLock) {
            if (!schemaReady) {
                try (Connection connection = pool.getConnection()) {
                    migrations.migrate(connection);
                }
                schemaReady = true;
            }
        }
    }

    /**
     * Makes {@code record} durable in the local spill and queues it for the database; returns without
     * waiting for the database (see the class description).
     *
     * @throws IOException if the spill could not write or force it; it may or may not be kept
     * @throws IllegalStateException if the log is closed
     */
    @Override
    public void append(ConsentRecord record) throws IOException {
        Objects.requireNonNull(record, "record");
        lifecycle.readLock().lock();
        try {
            checkOpen();
            writer.append(record);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>From the database: records still pending are not included.
     *
     * @throws IllegalArgumentException if {@code consentId} is not a consent id
     * @throws IOException if the database cannot be read
     */
    @Override
    public List<ConsentRecord> history(String consentId) throws IOException {
        Objects.requireNonNull(consentId, "consentId");
        if (!CONSENT_ID.matcher(consentId).matches()) {
            throw new IllegalArgumentException("consentId must be " + ConsentRecord.CONSENT_ID_LENGTH
                    + " characters of A-Z a-z 0-9 _ -, got " + consentId.length() + " characters");
        }
        checkOpen();
        try {
            ensureSchema();
            return table.history(consentId);
        } catch (SQLException e) {
            throw readFailure("read a history", e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>From the database, ordered by timestamp then insertion, fetched 500 rows at a time;
     * records still pending are not included. {@code sink} runs while a connection is held: keep
     * it quick.
     */
    @Override
    public void export(Instant fromInclusive, Instant toExclusive, Consumer<ConsentRecord> sink) throws IOException {
        Objects.requireNonNull(fromInclusive, "fromInclusive");
        Objects.requireNonNull(toExclusive, "toExclusive");
        Objects.requireNonNull(sink, "sink");
        if (toExclusive.isBefore(fromInclusive)) {
            throw new IllegalArgumentException("toExclusive [" + toExclusive + "] is before fromInclusive ["
                    + fromInclusive + "]");
        }
        checkOpen();
        Instant from = fromInclusive.isBefore(FIRST) ? FIRST : fromInclusive;
        Instant to = toExclusive.isAfter(END) ? END : toExclusive;
        if (!from.isBefore(to)) {
            return;
        }
        try {
            ensureSchema();
            table.export(from, to, sink);
        } catch (SQLException e) {
            throw readFailure("export", e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Deletes the rows before {@code cutoff}, 10,000 per transaction, and returns how many; records
     * before it still waiting in the spill will not be written (they are not counted).
     */
    @Override
    public int purgeBefore(Instant cutoff) throws IOException {
        Objects.requireNonNull(cutoff, "cutoff");
        checkOpen();
        if (!cutoff.isAfter(FIRST)) {
            return 0;
        }
        writer.purgedBefore(cutoff);
        try {
            ensureSchema();
            return (int) Math.min(Integer.MAX_VALUE, table.purgeBefore(cutoff.isAfter(END) ? END : cutoff));
        } catch (SQLException e) {
            throw readFailure("purge", e);
        }
    }

    /**
     * Stops accepting records, lets the writer write what is queued and spilled for up to 5 seconds
     * (no retry if the database fails), then closes the spill and the pool. What is not written by
     * then stays in the spill and is written at the next start. Idempotent.
     */
    @Override
    public void close() {
        boolean locked = false;
        try {
            locked = lifecycle.writeLock().tryLock(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                writer.stop(closeGrace);
            } finally {
                spill.close();
                try {
                    pool.close();
                } catch (RuntimeException e) {
                    LOG.warn("Consent log [jdbc]: closing the connection pool failed", e);
                }
            }
            if (writer.pending() > 0) {
                LOG.warn("Consent log [jdbc]: closed with {} record(s) not yet in the database; they stay in [{}]"
                        + " and are written at the next start", writer.pending(), spill.directory());
            }
        } finally {
            if (locked) {
                lifecycle.writeLock().unlock();
            }
        }
    }

    /** {@code jdbc}. */
    @Override
    public String kind() {
        return "jdbc";
    }

    /**
     * How many acknowledged records are not yet known to be in the database: in the queue, in a
     * batch being written, or in the spill only. 0 once everything is written.
     */
    public long pending() {
        return writer.pending();
    }

    /**
     * How many records were written to the database from the spill rather than from the queue: those
     * the full queue had no room for, those left by a restart or a failed batch. Records the database
     * had already are not counted.
     */
    public long replayed() {
        return writer.replayed();
    }

    /** How many attempts to reach or write the database failed; each is retried. */
    public long failures() {
        return writer.failures();
    }

    /** The local spill directory, {@code <data-dir>/consent-log-spill}. */
    public Path spillDirectory() {
        return spill.directory();
    }

    private IOException readFailure(String what, SQLException e) {
        return new IOException("Consent log [jdbc]: cannot " + what + " (" + DatabaseWriter.describe(e) + ")", e);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The consent log [jdbc] is closed");
        }
    }

    @Override
    public String toString() {
        return "JdbcConsentLog[" + settings + ", spill=" + spill.directory() + ", " + writer
                + (closed ? ", closed" : "") + "]";
    }
}
