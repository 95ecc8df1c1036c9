package dev.cookiewarden.record;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or upgrades the tables of a {@link JdbcConsentLog} in the connection's current schema
 * (set {@code currentSchema} in the JDBC URL to choose another than {@code public}). Immutable and
 * thread-safe.
 *
 * <p>{@value #VERSION_TABLE} lists the migrations applied, one row each. {@link #migrate} runs in
 * one transaction that first takes a transaction-scoped advisory lock for the schema, so that nodes
 * starting together take turns: the first applies what is missing, the others then find nothing
 * left to do. PostgreSQL's DDL is transactional: a migration that fails leaves nothing behind.
 *
 * <p>Rules for adding a migration: give it the next number and never change one that has shipped;
 * only <em>add</em> (columns with defaults, tables, indexes), because during a rolling upgrade
 * nodes of the previous version keep writing to the upgraded schema. That is also why a schema
 * newer than this code knows is accepted, with a warning.
 */
final class SchemaMigrations {
    static final String VERSION_TABLE = "cookie_warden_schema_version";

    /** The first half of the advisory lock key, "CkWd"; the second is a hash of the schema name. */
    private static final int LOCK_CLASS = 0x436b5764;

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    /** One numbered step; {@code statements} run in order, in the migration's transaction. */
    record Migration(int version, String description, List<String> statements) {
        Migration {
            Objects.requireNonNull(description, "description");
            statements = List.copyOf(statements);
        }
    }

    /** The migrations of this version of Cookie Warden. */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "consent records", List.of(
                    "CREATE TABLE " + ConsentTable.TABLE + " ("
                            + "id bigserial PRIMARY KEY,"
                            // The key that makes a replay from the spill idempotent (ON CONFLICT DO NOTHING).
                            + " record_uid uuid NOT NULL,"
                            + " consent_id varchar(22) NOT NULL,"
                            + " recorded_at timestamptz NOT NULL,"
                            + " action varchar(16) NOT NULL,"
                            + " grants jsonb NOT NULL,"
                            + " policy_revision integer NOT NULL,"
                            + " config_hash varchar(128) NOT NULL,"
                            // 35: the longest language tag a ConsentRecord accepts.
                            + " language varchar(35) NOT NULL,"
                            + " ip_hash varchar(128),"
                            + " CONSTRAINT " + ConsentTable.TABLE + "_record_uid_key UNIQUE (record_uid))",
                    "CREATE INDEX " + ConsentTable.TABLE + "_consent_id_idx ON " + ConsentTable.TABLE
                            + " (consent_id)",
                    "CREATE INDEX " + ConsentTable.TABLE + "_recorded_at_idx ON " + ConsentTable.TABLE
                            + " (recorded_at)")));

    private final List<Migration> migrations;

    SchemaMigrations() {
        this(MIGRATIONS);
    }

    /** For tests: another list, numbered 1, 2, 3... */
    SchemaMigrations(List<Migration> migrations) {
        this.migrations = List.copyOf(migrations);
        for (int i = 0; i < this.migrations.size(); i++) {
            if (this.migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migration " + (i + 1) + " is numbered "
                        + this.migrations.get(i).version());
            }
        }
    }

    /** The version the last migration brings the schema to. */
    int latest() {
        return migrations.size();
    }

    /**
     * Applies the missing migrations on {@code connection} (in a transaction of its own, committed
     * or rolled back before returning); returns the schema's version afterwards.
     *
     * @throws SQLException if the database cannot be reached or a migration fails; nothing is changed then
     */
    int migrate(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT pg_advisory_xact_lock(?, hashtext(coalesce(current_schema(), '')))")) {
                lock.setInt(1, LOCK_CLASS);
                lock.execute();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " ("
                        + "version integer PRIMARY KEY,"
                        + " description varchar(200) NOT NULL,"
                        + " applied_at timestamptz NOT NULL DEFAULT now())");
            }
            int current = current(connection);
            for (Migration migration : migrations.subList(Math.min(current, latest()), latest())) {
                apply(connection, migration);
            }
            connection.commit();
            if (current > latest()) {
                LOG.warn("Consent log [jdbc]: the schema is at version {}, newer than the {} this version of"
                        + " Cookie Warden knows (a newer node upgraded it); carrying on, as migrations only add",
                        current, latest());
            } else if (current < latest()) {
                LOG.info("Consent log [jdbc]: schema migrated from version {} to {}", current, latest());
            }
            return Math.max(current, latest());
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            try {
                connection.setAutoCommit(autoCommit);
            } catch (SQLException e) {
                LOG.debug("Consent log [jdbc]: cannot restore auto-commit", e);
            }
        }
    }

    private static int current(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT coalesce(max(version), 0) FROM " + VERSION_TABLE)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void apply(Connection connection, Migration migration) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : migration.statements()) {
                statement.execute(sql);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + VERSION_TABLE + " (version, description) VALUES (?, ?)")) {
            insert.setInt(1, migration.version());
            insert.setString(2, migration.description());
            insert.executeUpdate();
        }
    }

    @Override
    public String toString() {
        return "SchemaMigrations[latest=" + latest() + "]";
    }
}
