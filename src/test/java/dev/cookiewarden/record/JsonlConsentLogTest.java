package dev.cookiewarden.record;

import static dev.cookiewarden.record.RecordFixtures.CONFIG_HASH;
import static dev.cookiewarden.record.RecordFixtures.IP_HASH;
import static dev.cookiewarden.record.RecordFixtures.grants;
import static dev.cookiewarden.record.RecordFixtures.newId;
import static dev.cookiewarden.record.RecordFixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JsonlConsentLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant DAY1 = Instant.parse("2025-03-01T00:00:00Z");
    private static final Instant DAY2 = Instant.parse("2025-03-02T00:00:00Z");
    private static final Instant DAY3 = Instant.parse("2025-03-03T00:00:00Z");

    private Path dataDir;
    private JsonlConsentLog log;

    @BeforeEach
    void openLog() throws IOException {
        dataDir = RecordFixtures.tempDirectory("jsonl");
        log = JsonlConsentLog.open(dataDir);
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    private Path file(String day) {
        return dataDir.resolve("consent-log").resolve("consent-" + day + ".jsonl");
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private List<ConsentRecord> exportAll() throws IOException {
        List<ConsentRecord> all = new ArrayList<>();
        log.export(Instant.EPOCH, Instant.parse("9999-12-31T23:59:59.999Z"), all::add);
        return all;
    }

    private void reopen() throws IOException {
        log.close();
        log = JsonlConsentLog.open(dataDir);
    }

    @Test
    void appendedRecordComesBackEqual() throws IOException {
        ConsentRecord withIp = new ConsentRecord(newId(), DAY1.plusMillis(1234), ConsentAction.ACCEPT_ALL,
                grants(true, true), 7, CONFIG_HASH, "en", IP_HASH);
        ConsentRecord withoutIp = record(withIp.consentId(), DAY1.plusSeconds(60));
        log.append(withIp);
        log.append(withoutIp);
        assertEquals(List.of(withIp, withoutIp), log.history(withIp.consentId()));
        reopen();
        assertEquals(List.of(withIp, withoutIp), log.history(withIp.consentId()));
        assertEquals(0, log.corruptLines());
        assertEquals("jsonl", log.kind());
    }

    @Test
    void lineIsCompactJsonWithStableFieldNames() throws IOException {
        String id = newId();
        log.append(new ConsentRecord(id, Instant.parse("2025-03-01T10:15:30Z"), ConsentAction.GPC_REFUSAL,
                grants(false, false), 3, CONFIG_HASH, "fr", IP_HASH));
        log.append(record(id, Instant.parse("2025-03-01T10:15:31.5Z")));
        List<String> lines = lines(file("2025-03-01"));
        assertEquals(2, lines.size());
        assertEquals("{\"consentId\":\"" + id + "\",\"timestamp\":\"2025-03-01T10:15:30.000Z\","
                + "\"action\":\"gpc-refusal\",\"grants\":{\"necessary\":true,\"analytics\":false,\"ads\":false},"
                + "\"policyRevision\":3,\"configHash\":\"" + CONFIG_HASH + "\",\"language\":\"fr\","
                + "\"ipHash\":\"" + IP_HASH + "\"}", lines.get(0));
        JsonNode second = JSON.readTree(lines.get(1));
        List<String> names = new ArrayList<>();
        second.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("consentId", "timestamp", "action", "grants", "policyRevision", "configHash", "language"),
                names, "ipHash is left out when null");
        assertEquals("2025-03-01T10:15:31.500Z", second.get("timestamp").textValue());
    }

    @Test
    void filesAreOwnerOnly() throws IOException {
        log.append(record(DAY1));
        Path directory = dataDir.resolve("consent-log");
        assumeTrue(directory.getFileSystem().supportedFileAttributeViews().contains("posix"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file("2025-03-01"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
    }

    @Test
    void recordsGoToTheFileOfTheirUtcDay() throws IOException {
        ConsentRecord late = record(DAY2.minusMillis(1));
        ConsentRecord early = record(DAY2);
        ConsentRecord third = record(DAY3.plusSeconds(3600));
        ConsentRecord lateAgain = record(DAY2.minusSeconds(5)); // after midnight, a record of yesterday
        for (ConsentRecord record : List.of(late, early, third, lateAgain)) {
            log.append(record);
        }
        assertEquals(2, lines(file("2025-03-01")).size());
        assertEquals(1, lines(file("2025-03-02")).size());
        assertEquals(1, lines(file("2025-03-03")).size());
        assertTrue(lines(file("2025-03-01")).get(1).contains(lateAgain.consentId()));
        assertEquals(List.of(late, lateAgain, early, third), exportAll(), "by day, then in append order");
    }

    @Test
    void historyIsOldestFirstAcrossDays() throws IOException {
        String id = newId();
        ConsentRecord a = record(id, DAY3.plusSeconds(10));
        ConsentRecord b = record(id, DAY1.plusSeconds(20));
        ConsentRecord c = record(id, DAY1.plusSeconds(10));
        log.append(a);
        log.append(record(DAY1.plusSeconds(15)));
        log.append(b);
        log.append(c);
        assertEquals(List.of(c, b, a), log.history(id));
        assertEquals(List.of(), log.history(newId()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> log.history("short"));
        assertEquals("consentId must be 22 characters of A-Z a-z 0-9 _ -, got 5 characters", e.getMessage());
    }

    @Test
    void exportIncludesFromAndExcludesTo() throws IOException {
        ConsentRecord atDay2 = record(DAY2);
        ConsentRecord justBeforeDay3 = record(DAY3.minusMillis(1));
        ConsentRecord atDay3 = record(DAY3);
        ConsentRecord beforeDay2 = record(DAY2.minusMillis(1));
        for (ConsentRecord record : List.of(beforeDay2, atDay2, justBeforeDay3, atDay3)) {
            log.append(record);
        }
        List<ConsentRecord> out = new ArrayList<>();
        log.export(DAY2, DAY3, out::add);
        assertEquals(List.of(atDay2, justBeforeDay3), out);

        out.clear();
        log.export(DAY1, DAY2.plusNanos(500_000), out::add); // a record at midnight is before 00:00:00.0005
        assertEquals(List.of(beforeDay2, atDay2), out);

        out.clear();
        log.export(DAY2, DAY2, out::add);
        assertEquals(List.of(), out);

        out.clear();
        log.export(Instant.MIN, Instant.MAX, out::add);
        assertEquals(List.of(beforeDay2, atDay2, justBeforeDay3, atDay3), out);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> log.export(DAY3, DAY2, r -> { }));
        assertEquals("toExclusive [2025-03-02T00:00:00Z] is before fromInclusive [2025-03-03T00:00:00Z]",
                e.getMessage());
    }

    @Test
    void tornLastLineIsReportedAndTheNextRecordStartsOnANewLine() throws Exception {
        ConsentRecord first = record(DAY1.plusSeconds(1));
        log.append(first);
        log.close();
        Path file = file("2025-03-01");
        long offset = Files.size(file);
        byte[] whole = RecordJson.line(record(DAY1.plusSeconds(2)));
        Files.write(file, Arrays.copyOf(whole, 40), StandardOpenOption.APPEND); // killed mid-write

        log = JsonlConsentLog.open(dataDir);
        assertEquals(1, log.corruptLines(), "reported at open");
        assertEquals(List.of("the last line of [consent-2025-03-01.jsonl] (byte " + offset + ", 40 bytes) is"
                + " incomplete, probably cut off by a crash while it was written; a line break was added so that"
                + " new records start on their own line"), log.problems());
        byte[] content = Files.readAllBytes(file);
        assertEquals('\n', content[content.length - 1], "a line break was added at open");

        ConsentRecord next = record(DAY1.plusSeconds(3));
        log.append(next);
        List<String> lines = lines(file);
        assertEquals(3, lines.size());
        assertEquals(40, lines.get(1).length());
        assertEquals(next, RecordJson.parse(lines.get(2).getBytes(StandardCharsets.UTF_8), lines.get(2).length()));
        assertEquals(List.of(first, next), exportAll());
        assertEquals(1, log.corruptLines(), "counted once however often read");
        exportAll();
        assertEquals(1, log.corruptLines());
    }

    @Test
    void tornLineInAnOlderFileIsSkippedAndRepairedWhenThatFileIsAppendedTo() throws IOException {
        ConsentRecord day1 = record(DAY1.plusSeconds(1));
        ConsentRecord day2 = record(DAY2.plusSeconds(1));
        log.append(day1);
        log.append(day2);
        log.close();
        Files.write(file("2025-03-01"), "{\"consentId\":\"abc".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        log = JsonlConsentLog.open(dataDir);
        assertEquals(0, log.corruptLines(), "only the newest file is checked at open");
        assertEquals(List.of(day1, day2), exportAll());
        assertEquals(1, log.corruptLines());
        assertTrue(log.problems().get(0).contains("the last line of [consent-2025-03-01.jsonl]"), log.problems().toString());

        ConsentRecord lateDay1 = record(DAY1.plusSeconds(2));
        log.append(lateDay1);
        assertEquals(3, lines(file("2025-03-01")).size());
        assertEquals(List.of(day1, lateDay1, day2), exportAll());
        assertEquals(1, log.corruptLines(), "the same line, repaired, is not counted again");
    }

    @Test
    void completeLastRecordWithoutLineBreakIsKept() throws IOException {
        log.close();
        ConsentRecord record = record(DAY1.plusSeconds(1));
        byte[] line = RecordJson.line(record);
        Files.createDirectories(file("2025-03-01").getParent());
        Files.write(file("2025-03-01"), Arrays.copyOf(line, line.length - 1));
        log = JsonlConsentLog.open(dataDir);
        assertEquals(0, log.corruptLines());
        assertEquals(List.of(record), exportAll());
    }

    @Test
    void oversizedAndInvalidLinesAreSkippedAndReported() throws IOException {
        ConsentRecord before = record(DAY1.plusSeconds(1));
        log.append(before);
        log.close();
        StringBuilder huge = new StringBuilder("{\"consentId\":\"");
        huge.append("x".repeat(70_000)).append("\"}\n");
        Files.writeString(file("2025-03-01"), huge + "not json\n{\"consentId\":\"tooShort\"}\n"
                        + "{\"a\":1}{\"b\":2}\n", StandardOpenOption.APPEND);
        log = JsonlConsentLog.open(dataDir);
        ConsentRecord after = record(DAY1.plusSeconds(2));
        log.append(after);
        assertEquals(List.of(before, after), exportAll());
        assertEquals(4, log.corruptLines(), log.problems().toString());
        List<String> problems = log.problems();
        assertTrue(problems.get(0).contains("is " + (huge.length() - 1) + " bytes long, more than the 65536 a record"
                + " may take"), problems.get(0));
        assertTrue(problems.get(1).startsWith("line at byte "), problems.get(1));
        assertTrue(problems.get(1).contains("is not a valid record: not a JSON object of the record format"),
                problems.get(1));
        assertTrue(problems.get(2).endsWith("is not a valid record: field [timestamp] is missing"),
                problems.get(2));
        for (String problem : problems) {
            assertFalse(problem.contains("tooShort"), "content is never quoted: " + problem);
        }
        assertEquals(List.of(before), log.history(before.consentId()));
    }

    @Test
    void purgeDeletesWholeDaysBeforeTheCutoffDay() throws IOException {
        log.append(record(DAY1.plusSeconds(1)));
        log.append(record(DAY1.plusSeconds(2)));
        log.append(record(DAY2.plusSeconds(1)));
        ConsentRecord kept = record(DAY3.plusSeconds(1));
        log.append(kept);
        assertEquals(3, log.purgeBefore(DAY3));
        assertFalse(Files.exists(file("2025-03-01")));
        assertFalse(Files.exists(file("2025-03-02")));
        assertEquals(List.of(kept), exportAll());
        assertEquals(0, log.purgeBefore(DAY3));
        assertEquals(0, log.purgeBefore(Instant.parse("1960-01-01T00:00:00Z")));
    }

    @Test
    void purgeRewritesTheCutoffDayKeepingRecordsAtAndAfterTheCutoff() throws IOException {
        Instant cutoff = DAY1.plusSeconds(6 * 3600);
        ConsentRecord at = record(cutoff);
        ConsentRecord later = record(DAY1.plusSeconds(23 * 3600));
        log.append(record(DAY1.plusSeconds(3600)));
        log.append(at);
        log.append(record(cutoff.minusMillis(1)));
        log.append(later);
        log.close();
        // An unreadable line dated before the cutoff goes; one that cannot be dated stays.
        Files.writeString(file("2025-03-01"), "{\"timestamp\":\"2025-03-01T00:00:01Z\",\"action\":\"future\"}\n"
                + "garbage\n", StandardOpenOption.APPEND);
        log = JsonlConsentLog.open(dataDir);

        assertEquals(3, log.purgeBefore(cutoff));
        assertEquals(List.of(at, later), exportAll());
        List<String> lines = lines(file("2025-03-01"));
        assertEquals(3, lines.size());
        assertEquals("garbage", lines.get(2));
        try (Stream<Path> files = Files.list(dataDir.resolve("consent-log"))) {
            assertEquals(List.of(".lock", "consent-2025-03-01.jsonl"), files.map(p -> p.getFileName().toString())
                    .sorted().toList(), "no temporary file left");
        }
        ConsentRecord afterPurge = record(DAY1.plusSeconds(23 * 3600 + 1));
        log.append(afterPurge);
        assertEquals(List.of(at, later, afterPurge), exportAll());
        assertEquals(0, log.purgeBefore(cutoff), "nothing left to remove");
    }

    @Test
    void purgeOfEveryLineOfTheCutoffDayDeletesItsFile() throws IOException {
        log.append(record(DAY1.plusSeconds(1)));
        log.append(record(DAY1.plusSeconds(2)));
        assertEquals(2, log.purgeBefore(DAY1.plusSeconds(3)));
        assertFalse(Files.exists(file("2025-03-01")));
        ConsentRecord again = record(DAY1.plusSeconds(4));
        log.append(again);
        assertEquals(List.of(again), exportAll());
    }

    @Test
    void purgeFiltersRecordsAppendedToTheCutoffDayWhileItRan() throws IOException {
        Instant cutoff = DAY1.plusSeconds(3600);
        List<ConsentRecord> kept = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            log.append(record(DAY1.plusMillis(i)));
            ConsentRecord after = record(cutoff.plusMillis(i));
            log.append(after);
            kept.add(after);
        }
        log.purgeBetweenPasses = () -> {
            // Appends go on during a purge: after its first pass over the file, before the rename.
            try {
                for (int i = 0; i < 20; i++) {
                    log.append(record(cutoff.minusMillis(i + 1)));
                    ConsentRecord after = record(cutoff.plusSeconds(60 + i));
                    log.append(after);
                    kept.add(after);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        assertEquals(70, log.purgeBefore(cutoff));
        assertEquals(kept, exportAll());
        assertEquals(kept.size(), lines(file("2025-03-01")).size());
    }

    @Test
    void secondLogOnTheSameDirectoryIsRefused() {
        IOException e = assertThrows(IOException.class, () -> JsonlConsentLog.open(dataDir));
        assertTrue(e.getMessage().endsWith("is already open in this JVM: share one JsonlConsentLog, or give each"
                + " application its own data directory"), e.getMessage());
    }

    @Test
    void closedLogRefusesEverything() throws IOException {
        log.append(record(DAY1));
        log.close();
        log.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> log.append(record(DAY1)));
        assertTrue(e.getMessage().endsWith("consent-log] is closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> log.history(newId()));
        assertThrows(IllegalStateException.class, () -> log.purgeBefore(DAY2));
        assertTrue(log.toString().endsWith(", corruptLines=0, closed]"), log.toString());
    }

    @Test
    void leftoverTemporaryFilesAreDeletedAtOpen() throws IOException {
        log.close();
        Path leftover = dataDir.resolve("consent-log").resolve(".consent-2025-03-01-123.tmp");
        Files.writeString(leftover, "partial copy\n");
        log = JsonlConsentLog.open(dataDir);
        assertFalse(Files.exists(leftover));
    }

    @Test
    void failedForceFailsThatAppendAndEveryLaterOne() throws IOException {
        log.close();
        log = JsonlConsentLog.open(dataDir, channel -> {
            throw new IOException("simulated EIO");
        });
        IOException first = assertThrows(IOException.class, () -> log.append(record(DAY1)));
        assertTrue(first.getMessage().contains("accepts no more records"), first.getMessage());
        IOException later = assertThrows(IOException.class, () -> log.append(record(DAY1)));
        Throwable cause = later;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertEquals("simulated EIO", cause.getMessage());
    }
}
