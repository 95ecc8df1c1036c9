package dev.cookiewarden.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The numbered migrations of the jdbc store, against a real PostgreSQL, each test in a schema of its own. */
class SchemaMigrationsTest {
    private static final SchemaMigrations.Migration V2 = new SchemaMigrations.Migration(2, "a note per record",
            List.of("ALTER TABLE cookie_warden_consent ADD COLUMN note varchar(40) NOT NULL DEFAULT ''"));

    private String schema;

    @BeforeEach
    void createSchema() throws SQLException {
        PostgresFixture.requireServer();
        schema = PostgresFixture.createSchema("migrate");
    }

    @AfterEach
    void dropSchema() throws SQLException {
        PostgresFixture.dropSchema(schema);
    }

    private int migrate(SchemaMigrations migrations) throws SQLException {
        try (Connection connection = PostgresFixture.connect(schema)) {
            return migrations.migrate(connection);
        }
    }

    private List<String> versions() throws SQLException {
        return PostgresFixture.strings(schema, "SELECT version || ' ' || description FROM cookie_warden_schema_version"
                + " ORDER BY version");
    }

    @Test
    void emptySchemaGetsTheTableItsIndexesAndVersionOne() throws SQLException {
        assertEquals(1, migrate(new SchemaMigrations()));
        assertEquals(List.of("1 consent records"), versions());
        assertEquals(List.of("id bigint", "record_uid uuid", "consent_id character varying(22)",
                        "recorded_at timestamp with time zone", "action character varying(16)", "grants jsonb",
                        "policy_revision integer", "config_hash character varying(128)",
                        "language character varying(35)", "ip_hash character varying(128)"),
                PostgresFixture.strings(schema, "SELECT column_name || ' ' || data_type"
                        + " || coalesce('(' || character_maximum_length || ')', '') FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND table_name = 'cookie_warden_consent'"
                        + " ORDER BY ordinal_position"));
        assertEquals(List.of("NO", "NO", "NO", "NO", "NO", "NO", "NO", "NO", "NO", "YES"),
                PostgresFixture.strings(schema, "SELECT is_nullable FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND table_name = 'cookie_warden_consent'"
                        + " ORDER BY ordinal_position"));
        List<String> indexes = PostgresFixture.strings(schema, "SELECT indexdef FROM pg_indexes"
                + " WHERE schemaname = current_schema() AND tablename = 'cookie_warden_consent' ORDER BY indexname");
        assertEquals(4, indexes.size(), indexes::toString);
        assertTrue(indexes.stream().anyMatch(index -> index.contains("(consent_id)")), indexes::toString);
        assertTrue(indexes.stream().anyMatch(index -> index.contains("(recorded_at)")), indexes::toString);
        assertTrue(indexes.stream().anyMatch(index -> index.startsWith("CREATE UNIQUE INDEX")
                && index.contains("(record_uid)")), indexes::toString);
    }

    @Test
    void schemaAlreadyAtVersionOneIsLeftAsItIs() throws SQLException {
        migrate(new SchemaMigrations());
        PostgresFixture.execute(schema, "INSERT INTO cookie_warden_consent (record_uid, consent_id, recorded_at, action,"
                + " grants, policy_revision, config_hash, language) VALUES (gen_random_uuid(), 'q0C4cYbGqC7V2i1mV1o0Lw',"
                + " now(), 'accept-all', '{\"necessary\": true}', 1, 'sha256-12345678', 'fr')");

        assertEquals(1, migrate(new SchemaMigrations()));
        assertEquals(1, migrate(new SchemaMigrations()));

        assertEquals(List.of("1 consent records"), versions());
        assertEquals(1, PostgresFixture.count(schema, "SELECT count(*) FROM cookie_warden_consent"));
    }

    @Test
    void onlyTheMissingMigrationsRun() throws SQLException {
        migrate(new SchemaMigrations());
        List<SchemaMigrations.Migration> withV2 = new ArrayList<>(SchemaMigrations.MIGRATIONS);
        withV2.add(V2);

        assertEquals(2, migrate(new SchemaMigrations(withV2)));

        assertEquals(List.of("1 consent records", "2 a note per record"), versions());
        assertEquals(1, PostgresFixture.count(schema, "SELECT count(*) FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND column_name = 'note'"));
    }

    @Test
    void schemaNewerThanTheCodeIsAcceptedAsItIs() throws SQLException {
        List<SchemaMigrations.Migration> withV2 = new ArrayList<>(SchemaMigrations.MIGRATIONS);
        withV2.add(V2);
        migrate(new SchemaMigrations(withV2));

        // A node of the previous version restarting during a rolling upgrade.
        assertEquals(2, migrate(new SchemaMigrations()));
        assertEquals(List.of("1 consent records", "2 a note per record"), versions());
    }

    @Test
    void failingMigrationLeavesNothingBehind() throws SQLException {
        migrate(new SchemaMigrations());
        List<SchemaMigrations.Migration> withBrokenV2 = new ArrayList<>(SchemaMigrations.MIGRATIONS);
        withBrokenV2.add(new SchemaMigrations.Migration(2, "broken", List.of(
                "CREATE TABLE cookie_warden_extra (id integer)",
                "ALTER TABLE cookie_warden_consent ADD COLUMN no_such_type no_such_type")));

        assertThrows(SQLException.class, () -> migrate(new SchemaMigrations(withBrokenV2)));

        assertEquals(List.of("1 consent records"), versions());
        assertEquals(0, PostgresFixture.count(schema, "SELECT count(*) FROM information_schema.tables"
                + " WHERE table_schema = current_schema() AND table_name = 'cookie_warden_extra'"));
    }

    @Test
    void nodesStartingTogetherTakeTurns() throws Exception {
        int nodes = 6;
        CyclicBarrier together = new CyclicBarrier(nodes);
        ExecutorService executor = Executors.newFixedThreadPool(nodes);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                results.add(executor.submit(() -> {
                    try (Connection connection = PostgresFixture.connect(schema)) {
                        together.await();
                        return new SchemaMigrations().migrate(connection);
                    }
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(1, result.get());
            }
        } finally {
            executor.shutdownNow();
        }
        assertEquals(List.of("1 consent records"), versions());
    }

    @Test
    void migrationsMustBeNumberedFromOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SchemaMigrations(List.of(V2)));
        assertEquals("migration 1 is numbered 2", e.getMessage());
    }
}
