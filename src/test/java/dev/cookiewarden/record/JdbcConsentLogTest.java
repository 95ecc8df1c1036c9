package dev.cookiewarden.record;

import static dev.cookiewarden.record.RecordFixtures.CONFIG_HASH;
import static dev.cookiewarden.record.RecordFixtures.IP_HASH;
import static dev.cookiewarden.record.RecordFixtures.grants;
import static dev.cookiewarden.record.RecordFixtures.newId;
import static dev.cookiewarden.record.RecordFixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The jdbc store against a real PostgreSQL, each test in a schema of its own. Skipped without a
 * server, except under CI=true.
 */
class JdbcConsentLogTest {
    private static final Instant DAY1 = Instant.parse("2025-03-01T00:00:00Z");
    private static final Instant DAY2 = Instant.parse("2025-03-02T00:00:00Z");
    private static final Instant DAY3 = Instant.parse("2025-03-03T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    /** Nothing listens there: connections are refused at once. */
    private static final String UNREACHABLE = "jdbc:postgresql://127.0.0.1:1/cookie_warden_test";

    private String schema;
    private Path dataDir;
    private JdbcConsentLog log;

    @BeforeEach
    void open() throws Exception {
        PostgresFixture.requireServer();
        schema = PostgresFixture.createSchema("log");
        dataDir = RecordFixtures.tempDirectory("jdbc");
        log = JdbcConsentLog.open(PostgresFixture.settings(schema, 1000), dataDir, PostgresFixture.FAST);
    }

    @AfterEach
    void close() throws SQLException {
        if (log != null) {
            log.close();
        }
        PostgresFixture.dropSchema(schema);
    }

    private void reopen(JdbcConsentLog.Settings settings) throws IOException {
        log.close();
        log = JdbcConsentLog.open(settings, dataDir, PostgresFixture.FAST);
    }

    private void awaitWritten() throws InterruptedException {
        PostgresFixture.await("every record in the database, " + log, Duration.ofSeconds(20), () -> log.pending() == 0);
    }

    private List<ConsentRecord> exportAll() throws IOException {
        List<ConsentRecord> all = new ArrayList<>();
        log.export(Instant.EPOCH, LATEST, all::add);
        return all;
    }

    private long rows() throws SQLException {
        return PostgresFixture.count(schema, "SELECT count(*) FROM cookie_warden_consent");
    }

    @Test
    void appendedRecordsComeBackFromTheDatabase() throws Exception {
        ConsentRecord withIp = new ConsentRecord(newId(), DAY1.plusMillis(1234), ConsentAction.ACCEPT_ALL,
                grants(true, true), 7, CONFIG_HASH, "pt-BR", IP_HASH);
        ConsentRecord withoutIp = new ConsentRecord(withIp.consentId(), DAY1.plusSeconds(60), ConsentAction.WITHDRAW,
                grants(false, false), 7, CONFIG_HASH, "en", null);
        log.append(withIp);
        log.append(withoutIp);
        awaitWritten();

        assertEquals(List.of(withIp, withoutIp), log.history(withIp.consentId()));
        assertEquals(List.of(), log.history(newId()));
        assertEquals(List.of("accept-all|true|true|7|pt-BR|" + IP_HASH, "withdraw|false|false|7|en|"),
                PostgresFixture.strings(schema, "SELECT action || '|' || (grants->>'analytics') || '|' || (grants->>'ads')"
                        + " || '|' || policy_revision || '|' || language || '|' || coalesce(ip_hash, '')"
                        + " FROM cookie_warden_consent ORDER BY id"));
        assertEquals(2, PostgresFixture.count(schema, "SELECT count(DISTINCT record_uid) FROM cookie_warden_consent"));
        assertEquals(0, log.failures());
        assertEquals(0, log.replayed());
    }

    @Test
    void historyIsOrderedByTimestampThenByArrival() throws Exception {
        String id = newId();
        ConsentRecord late = record(id, DAY2);
        ConsentRecord early = record(id, DAY1);
        ConsentRecord sameInstant = new ConsentRecord(id, DAY1, ConsentAction.REJECT_ALL, grants(false, false), 3,
                CONFIG_HASH, "fr", null);
        log.append(late);
        log.append(early);
        log.append(sameInstant);
        awaitWritten();

        assertEquals(List.of(early, sameInstant, late), log.history(id));
    }

    @Test
    void exportFeedsTheRangeInTimestampOrder() throws Exception {
        ConsentRecord day1 = record(DAY1.plusSeconds(5));
        ConsentRecord day2 = record(DAY2);
        ConsentRecord day2Later = record(DAY2.plusSeconds(3600));
        ConsentRecord day3 = record(DAY3);
        for (ConsentRecord record : List.of(day3, day2Later, day1, day2)) {
            log.append(record);
        }
        awaitWritten();

        assertEquals(List.of(day1, day2, day2Later, day3), exportAll());
        List<ConsentRecord> range = new ArrayList<>();
        log.export(DAY2, DAY3, range::add);
        assertEquals(List.of(day2, day2Later), range);
        List<ConsentRecord> none = new ArrayList<>();
        log.export(DAY2, DAY2, none::add);
        log.export(Instant.parse("0001-01-01T00:00:00Z"), DAY1, none::add);
        assertEquals(List.of(), none);
        assertThrows(IllegalArgumentException.class, () -> log.export(DAY2, DAY1, r -> { }));
    }

    @Test
    void exceptionFromTheSinkStopsTheExportAndPropagates() throws Exception {
        log.append(record(DAY1));
        log.append(record(DAY2));
        awaitWritten();
        List<ConsentRecord> seen = new ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> log.export(DAY1, DAY3, record -> {
            seen.add(record);
            throw new IllegalStateException("client went away");
        }));
        assertEquals("client went away", e.getMessage());
        assertEquals(1, seen.size());
        assertEquals(2, exportAll().size(), "the connection went back to the pool in good order");
    }

    @Test
    void purgeDeletesTheRowsBeforeTheCutoff() throws Exception {
        ConsentRecord old = record(DAY1);
        ConsentRecord atCutoff = record(DAY2);
        ConsentRecord recent = record(DAY3);
        for (ConsentRecord record : List.of(old, atCutoff, recent)) {
            log.append(record);
        }
        awaitWritten();

        assertEquals(1, log.purgeBefore(DAY2));
        assertEquals(List.of(atCutoff, recent), exportAll());
        assertEquals(0, log.purgeBefore(DAY2));
        assertEquals(0, log.purgeBefore(Instant.EPOCH));
    }

    @Test
    void recordsKeptWhileTheDatabaseWasUnreachableAreWrittenAtTheNextStart() throws Exception {
        reopen(new JdbcConsentLog.Settings(UNREACHABLE, PostgresFixture.USER, PostgresFixture.PASSWORD, 2, 5));
        List<ConsentRecord> appended = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ConsentRecord record = record(DAY1.plusSeconds(i));
            log.append(record); // fast, though nothing can be written
            appended.add(record);
        }
        assertEquals(50, log.pending());
        PostgresFixture.await("a failed attempt", Duration.ofSeconds(10), () -> log.failures() > 0);

        reopen(PostgresFixture.settings(schema, 1000));
        assertEquals(50, log.pending(), "counted from the spill at startup");
        awaitWritten();

        assertEquals(appended, exportAll());
        assertEquals(50, log.replayed());
        assertEquals(50, rows());
    }

    @Test
    void replayingRecordsAlreadyWrittenAddsNoCopy() throws Exception {
        List<ConsentRecord> appended = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            appended.add(record(DAY1.plusSeconds(i)));
            log.append(appended.get(i));
        }
        awaitWritten();
        log.close();
        // As after a crash between the commit and saving the checkpoint: every line is sent again.
        Files.delete(dataDir.resolve("consent-log-spill").resolve("replayed"));

        reopen(PostgresFixture.settings(schema, 1000));
        assertEquals(20, log.pending());
        awaitWritten();

        assertEquals(appended, exportAll());
        assertEquals(20, rows());
        assertEquals(0, log.replayed(), "the database had them all");
    }

    @Test
    void everyRecordIsWrittenOnceWhenTheQueueOverflows() throws Exception {
        reopen(PostgresFixture.settings(schema, 1));
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(executor.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        ConsentRecord record = record(DAY1.plusMillis(i));
                        log.append(record);
                        ids.add(record.consentId());
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            executor.shutdownNow();
        }
        awaitWritten();

        assertEquals(1000, rows());
        assertEquals(ids, new HashSet<>(PostgresFixture.strings(schema, "SELECT consent_id FROM cookie_warden_consent")));
    }

    @Test
    void spillKeepsEachRecordWithItsKeyAsJsonLines() throws Exception {
        ConsentRecord record = record(DAY1);
        log.append(record);
        awaitWritten();

        Path spill = dataDir.resolve("consent-log-spill");
        assertEquals(spill.toAbsolutePath(), log.spillDirectory());
        Path file = spill.resolve(DayFiles.name(LocalDate.now(ZoneOffset.UTC)));
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(1, lines.size());
        byte[] line = lines.get(0).getBytes(StandardCharsets.UTF_8);
        SpillLog.Line parsed = SpillLog.parse(line, line.length, 0);
        assertEquals(record, parsed.record());
        assertEquals(record, RecordJson.parse(line, line.length), "a jsonl line with one more field");
        assertEquals(List.of(parsed.uid().toString()),
                PostgresFixture.strings(schema, "SELECT record_uid::text FROM cookie_warden_consent"));
        if (spill.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(spill)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void spillFileOfAPastDayGoesOnceItsRecordsAreWritten() throws Exception {
        log.close();
        Instant yesterday = Instant.now().minus(Duration.ofDays(1));
        JdbcConsentLog.Timing lastNight = new JdbcConsentLog.Timing(Duration.ofSeconds(1), Duration.ofMillis(50),
                Duration.ofMillis(500), Duration.ofSeconds(5), Clock.fixed(yesterday, ZoneOffset.UTC));
        // Written yesterday while the database was unreachable:
        log = JdbcConsentLog.open(new JdbcConsentLog.Settings(UNREACHABLE, null, null), dataDir, lastNight);
        log.append(record(DAY1));
        Path file = dataDir.resolve("consent-log-spill").resolve(DayFiles.name(DayFiles.dayOf(yesterday)));
        assertTrue(Files.exists(file));

        reopen(PostgresFixture.settings(schema, 1000));
        awaitWritten();
        PostgresFixture.await("the deletion of " + file, Duration.ofSeconds(10), () -> !Files.exists(file));
        assertEquals(1, rows());
        assertEquals("", Files.readString(dataDir.resolve("consent-log-spill").resolve("replayed")));
    }

    @Test
    void rowThatIsNotARecordIsSkipped() throws Exception {
        ConsentRecord good = record(DAY2);
        log.append(good);
        awaitWritten();
        PostgresFixture.execute(schema, "INSERT INTO cookie_warden_consent (record_uid, consent_id, recorded_at, action,"
                + " grants, policy_revision, config_hash, language) VALUES (gen_random_uuid(), '" + good.consentId()
                + "', '2025-03-01T00:00:00Z', 'shrug', '{\"necessary\": true}', 3, 'sha256-12345678', 'fr'),"
                + " (gen_random_uuid(), '" + good.consentId() + "', '2025-03-01T00:00:01Z', 'custom',"
                + " '{\"necessary\": \"yes\"}', 3, 'sha256-12345678', 'fr')");

        assertEquals(List.of(good), log.history(good.consentId()));
        assertEquals(List.of(good), exportAll());
    }

    @Test
    void closedLogRefusesEverythingButKind() throws Exception {
        log.append(record(DAY1));
        log.close();
        log.close();
        assertThrows(IllegalStateException.class, () -> log.append(record(DAY1)));
        assertThrows(IllegalStateException.class, () -> log.history(newId()));
        assertThrows(IllegalStateException.class, () -> log.export(DAY1, DAY2, r -> { }));
        assertThrows(IllegalStateException.class, () -> log.purgeBefore(DAY2));
        assertEquals("jdbc", log.kind());
        assertEquals(0, log.pending(), "closing wrote what was queued");
        assertEquals(1, rows());
    }

    @Test
    void secondLogOnTheSameDataDirectoryIsRefused() {
        IOException e = assertThrows(IOException.class,
                () -> JdbcConsentLog.open(PostgresFixture.settings(schema, 10), dataDir, PostgresFixture.FAST));
        assertTrue(e.getMessage().contains("consent-log-spill"), e.getMessage());
    }

    @Test
    void wrongPasswordStopsTheStartupAndReleasesTheSpill() throws Exception {
        log.close();
        JdbcConsentLog.Settings wrong = new JdbcConsentLog.Settings(PostgresFixture.url(schema), PostgresFixture.USER,
                "not-the-password");
        IOException e = assertThrows(IOException.class, () -> JdbcConsentLog.open(wrong, dataDir, PostgresFixture.FAST));
        assertTrue(e.getMessage().contains("SQLState 28"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
        log = JdbcConsentLog.open(PostgresFixture.settings(schema, 10), dataDir, PostgresFixture.FAST);
    }

    @Test
    void invalidConsentIdIsRefusedWithoutQuotingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> log.history("short'; DROP"));
        assertFalse(e.getMessage().contains("DROP"));
    }

    @Test
    void settingsAreValidatedAndNeverShowThePassword() {
        assertEquals("url [jdbc:mysql://db/shop?password=***] must be a PostgreSQL JDBC URL, such as"
                + " jdbc:postgresql://localhost:5432/shop: the jdbc store uses PostgreSQL's jsonb, ON CONFLICT and"
                + " advisory locks", assertThrows(IllegalArgumentException.class,
                        () -> new JdbcConsentLog.Settings("jdbc:mysql://db/shop?password=hunter2", null, null))
                .getMessage());
        assertEquals("poolSize [0] must be between 1 and 100", assertThrows(IllegalArgumentException.class,
                () -> new JdbcConsentLog.Settings("jdbc:postgresql://db/shop", null, null, 0, 10)).getMessage());
        assertEquals("queueSize [0] must be between 1 and 1000000", assertThrows(IllegalArgumentException.class,
                () -> new JdbcConsentLog.Settings("jdbc:postgresql://db/shop", null, null, 4, 0)).getMessage());
        JdbcConsentLog.Settings settings = new JdbcConsentLog.Settings("jdbc:postgresql://db/shop?Password=hunter2&ssl=true",
                "", "hunter2");
        assertNull(settings.user());
        assertEquals(JdbcConsentLog.Settings.DEFAULT_POOL_SIZE, settings.poolSize());
        assertEquals(4, JdbcConsentLog.Settings.DEFAULT_POOL_SIZE);
        assertEquals(10_000, JdbcConsentLog.Settings.DEFAULT_QUEUE_SIZE);
        assertEquals("Settings[url=jdbc:postgresql://db/shop?Password=***&ssl=true, user=null, password=***,"
                + " poolSize=4, queueSize=10000]", settings.toString());
        assertTrue(log.toString().contains("password=***"), log.toString());
    }

    @Test
    void describingAFailureNeverQuotesARecord() {
        java.sql.BatchUpdateException batch = new java.sql.BatchUpdateException(
                "Batch entry 0 INSERT INTO cookie_warden_consent VALUES ('q0C4cYbGqC7V2i1mV1o0Lw') was aborted", "08006",
                new int[0]);
        batch.setNextException(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        String described = DatabaseWriter.describe(batch);
        assertEquals("SQLException, SQLState 08006: An I/O error occurred while sending to the backend.", described);
        assertEquals("SQLException, SQLState 23505", DatabaseWriter.describe(new SQLException(
                "duplicate key value violates unique constraint; Key (consent_id)=(q0C4cYbGqC7V2i1mV1o0Lw)", "23505")));
        assertTrue(Stream.of(described).noneMatch(text -> text.contains("q0C4")));
    }
}
