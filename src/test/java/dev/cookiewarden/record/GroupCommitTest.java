package dev.cookiewarden.record;

import static dev.cookiewarden.record.RecordFixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cookiewarden.Concurrently;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 500;
    private static final Instant DAY = Instant.parse("2025-03-01T00:00:00Z");

    /** Appends {@code perThread} records from each of {@value #THREADS} threads; returns the ids acknowledged. */
    private static Set<String> appendConcurrently(JsonlConsentLog log, int perThread) throws Exception {
        List<List<String>> results = Concurrently.run(THREADS, thread -> () -> {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                ConsentRecord record = record(DAY.plusMillis(thread * perThread + i));
                log.append(record);
                ids.add(record.consentId());
            }
            return ids;
        });
        Set<String> acknowledged = new HashSet<>();
        results.forEach(acknowledged::addAll);
        return acknowledged;
    }

    @Test
    void concurrentAppendsAreAllStoredAsValidLinesWithFewerForcesThanAppends() throws Exception {
        Path dataDir = RecordFixtures.tempDirectory("group");
        Set<String> acknowledged;
        long forces;
        try (JsonlConsentLog log = JsonlConsentLog.open(dataDir)) {
            acknowledged = appendConcurrently(log, PER_THREAD);
            forces = log.forces();
        }
        int appends = THREADS * PER_THREAD;
        assertEquals(appends, acknowledged.size());
        assertTrue(forces < appends, "group commit shares fsyncs: " + forces + " forces for " + appends + " appends");

        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(dataDir.resolve("consent-log/consent-2025-03-01.jsonl"),
                StandardCharsets.UTF_8);
        assertEquals(appends, lines.size());
        Set<String> stored = new HashSet<>();
        for (String line : lines) {
            JsonNode node = json.readTree(line); // every line is one whole JSON object
            assertTrue(node.isObject(), line);
            stored.add(node.get("consentId").textValue());
        }
        assertEquals(acknowledged, stored);
        try (JsonlConsentLog log = JsonlConsentLog.open(dataDir)) {
            AtomicInteger read = new AtomicInteger();
            log.export(DAY, DAY.plusSeconds(86_400), r -> read.incrementAndGet());
            assertEquals(appends, read.get());
            assertEquals(0, log.corruptLines());
        }
    }

    @Test
    void appendsWaitingForASlowFsyncShareTheNextOne() throws Exception {
        AtomicInteger forces = new AtomicInteger();
        GroupCommitWriter.Forcer slowDisk = channel -> {
            forces.incrementAndGet();
            try {
                Thread.sleep(2); // a disk whose fsync takes 2 ms
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            channel.force(false);
        };
        Path dataDir = RecordFixtures.tempDirectory("group-slow");
        try (JsonlConsentLog log = JsonlConsentLog.open(dataDir, slowDisk)) {
            assertEquals(THREADS * 100, appendConcurrently(log, 100).size());
            assertEquals(forces.get(), log.forces());
        }
        // With 8 appenders and 2 ms per fsync, each fsync serves several lines (about 8).
        assertTrue(forces.get() <= THREADS * 100 / 3, forces.get() + " forces for " + THREADS * 100 + " appends");
    }

    @Test
    void interruptedCallerStillWaitsForItsLineAndLeavesTheLogUsable() throws IOException {
        Path dataDir = RecordFixtures.tempDirectory("group-interrupt");
        try (JsonlConsentLog log = JsonlConsentLog.open(dataDir)) {
            ConsentRecord record = record(DAY);
            Thread.currentThread().interrupt();
            try {
                log.append(record);
                assertTrue(Thread.currentThread().isInterrupted(), "interrupt status kept");
            } finally {
                Thread.interrupted();
            }
            ConsentRecord next = record(DAY.plusMillis(1));
            log.append(next);
            assertEquals(List.of(record), log.history(record.consentId()));
            assertEquals(List.of(next), log.history(next.consentId()));
        }
    }
}
