package dev.cookiewarden.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL of a {@link JdbcConsentLog}: rows of {@value #TABLE} in and out. Thread-safe; every
 * method takes a connection from the pool and gives it back, committed or rolled back.
 *
 * <p>Rows are inserted with {@code ON CONFLICT (record_uid) DO NOTHING}, so sending a record twice
 * (a replay after a crash, a batch whose commit was acknowledged by the server but not received)
 * keeps one row. {@code grants} is {@code jsonb}, which does not keep the order of keys: records
 * read back list their categories in {@code jsonb}'s order (shorter names first), not in display
 * order. The grants themselves are unchanged.
 */
final class ConsentTable {
    static final String TABLE = "cookie_warden_consent";
    /** Rows sent to the server per fetch of an export, and removed per transaction of a purge. */
    static final int EXPORT_FETCH = 500;
    static final int PURGE_CHUNK = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ConsentTable.class);
    private static final String COLUMNS = "id, consent_id, recorded_at, action, grants, policy_revision,"
            + " config_hash, language, ip_hash";
    private static final String INSERT = "INSERT INTO " + TABLE + " (record_uid, consent_id, recorded_at, action,"
            + " grants, policy_revision, config_hash, language, ip_hash) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)"
            + " ON CONFLICT (record_uid) DO NOTHING";
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    private static final ObjectWriter GRANTS_WRITER = JSON.writerFor(new TypeReference<Map<String, Boolean>>() { });
    private static final ObjectReader GRANTS_READER = JSON.readerFor(new TypeReference<LinkedHashMap<String, Boolean>>() { });

    private final DataSource pool;
    private final AtomicLong unreadableRows = new AtomicLong();

    ConsentTable(DataSource pool) {
        this.pool = pool;
    }

    /** A record and the key that makes inserting it idempotent. */
    record Keyed(UUID uid, ConsentRecord record) {
    }

    /**
     * Inserts {@code records} in one transaction, as one JDBC batch; returns how many rows were new
     * (the others were in the table already).
     */
    int insert(List<Keyed> records) throws SQLException {
        if (records.isEmpty()) {
            return 0;
        }
        try (Connection connection = pool.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (Keyed keyed : records) {
                    ConsentRecord record = keyed.record();
                    insert.setObject(1, keyed.uid());
                    insert.setString(2, record.consentId());
                    insert.setObject(3, OffsetDateTime.ofInstant(record.timestamp(), ZoneOffset.UTC));
                    insert.setString(4, record.action().token());
                    insert.setString(5, grantsJson(record));
                    insert.setInt(6, record.policyRevision());
                    insert.setString(7, record.configHash());
                    insert.setString(8, record.language());
                    if (record.ipHash() == null) {
                        insert.setNull(9, Types.VARCHAR);
                    } else {
                        insert.setString(9, record.ipHash());
                    }
                    insert.addBatch();
                }
                int inserted = 0;
                for (int count : insert.executeBatch()) {
                    if (count > 0) {
                        inserted += count;
                    }
                }
                connection.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        }
    }

    /** The records of {@code consentId}, by {@code recorded_at} then {@code id}. */
    List<ConsentRecord> history(String consentId) throws SQLException {
        List<ConsentRecord> found = new ArrayList<>();
        query("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE consent_id = ? ORDER BY recorded_at, id", 0,
                statement -> statement.setString(1, consentId), found::add);
        return found;
    }

    /** Streams the records in {@code [from, to)} by {@code recorded_at} then {@code id}, a few hundred rows at a time. */
    void export(Instant from, Instant to, Consumer<ConsentRecord> sink) throws SQLException {
        query("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE recorded_at >= ? AND recorded_at < ?"
                + " ORDER BY recorded_at, id", EXPORT_FETCH, statement -> {
                    statement.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
                    statement.setObject(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
                }, sink);
    }

    /**
     * Deletes the rows before {@code cutoff}, {@value #PURGE_CHUNK} per transaction so that no
     * transaction holds many locks for long; returns how many.
     */
    long purgeBefore(Instant cutoff) throws SQLException {
        long removed = 0;
        try (Connection connection = pool.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE id IN"
                     + " (SELECT id FROM " + TABLE + " WHERE recorded_at < ? LIMIT " + PURGE_CHUNK + ")")) {
            delete.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            try {
                int chunk;
                do {
                    chunk = delete.executeUpdate();
                    connection.commit();
                    removed += chunk;
                } while (chunk == PURGE_CHUNK);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        }
        return removed;
    }

    /** How many rows reads skipped because they were not valid records. */
    long unreadableRows() {
        return unreadableRows.get();
    }

    private interface Parameters {
        void set(PreparedStatement statement) throws SQLException;
    }

    private void query(String sql, int fetchSize, Parameters parameters, Consumer<ConsentRecord> sink)
            throws SQLException {
        try (Connection connection = pool.getConnection()) {
            // Without auto-commit (as the pool hands connections out) the driver streams with a cursor.
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setFetchSize(fetchSize);
                parameters.set(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        ConsentRecord record = read(rows);
                        if (record != null) {
                            sink.accept(record);
                        }
                    }
                }
            } finally {
                rollbackQuietly(connection, null); // a read: nothing to keep, and no transaction left open
            }
        }
    }

    /** The row's record, or null (logged and counted) if it is not a valid one: never its content in the log. */
    private ConsentRecord read(ResultSet rows) throws SQLException {
        long id = rows.getLong("id");
        String problem;
        try {
            ConsentAction action = ConsentAction.fromToken(rows.getString("action")).orElse(null);
            if (action == null) {
                problem = "unknown action";
            } else {
                String grants = rows.getString("grants");
                OffsetDateTime recordedAt = rows.getObject("recorded_at", OffsetDateTime.class);
                String ipHash = rows.getString("ip_hash");
                return new ConsentRecord(rows.getString("consent_id"), recordedAt.toInstant(), action,
                        GRANTS_READER.readValue(grants), rows.getInt("policy_revision"), rows.getString("config_hash"),
                        rows.getString("language"), ipHash);
            }
        } catch (JsonProcessingException e) {
            problem = "grants are not an object of category to true or false";
        } catch (IllegalArgumentException | NullPointerException e) {
            problem = e.getMessage(); // ConsentRecord's messages never quote the consent id or IP hash
        }
        unreadableRows.incrementAndGet();
        LOG.warn("Consent log [jdbc]: row id={} of {} is not a valid record ({}); it is skipped", id, TABLE, problem);
        return null;
    }

    private static String grantsJson(ConsentRecord record) {
        try {
            return GRANTS_WRITER.writeValueAsString(record.grants());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write grants as JSON", e);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
        }
    }

    @Override
    public String toString() {
        return "ConsentTable[" + TABLE + ", unreadableRows=" + unreadableRows + "]";
    }
}
