package dev.cookiewarden.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * What {@link ConsentLog#append} promises, checked the hard way: a child JVM appends from several
 * threads and acknowledges each record on stdout once {@code append} returned; it is killed with
 * SIGKILL while still writing; every acknowledged record must then be in the log.
 */
class SigkillDurabilityTest {
    private static final int KILL_AFTER = 200;
    private static final int THREADS = 4;
    private static final int PER_THREAD = 1_000_000; // far more than it can write before the kill
    private static final int ACK_LENGTH = "ACK ".length() + ConsentRecord.CONSENT_ID_LENGTH;

    @RepeatedTest(5)
    @Timeout(60)
    void everyAcknowledgedRecordSurvivesSigkill() throws Exception {
        Path dataDir = RecordFixtures.tempDirectory("sigkill").toAbsolutePath();
        Path stderr = dataDir.resolve("child-stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                AppendingChild.class.getName(), dataDir.toString(), String.valueOf(THREADS),
                String.valueOf(PER_THREAD));
        builder.redirectError(stderr.toFile());
        Process child = builder.start();
        Set<String> acknowledged = new LinkedHashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.US_ASCII))) {
            String line;
            while (acknowledged.size() < KILL_AFTER && (line = out.readLine()) != null) {
                collect(line, acknowledged);
            }
            if (acknowledged.size() < KILL_AFTER) {
                fail("The child stopped after " + acknowledged.size() + " acknowledgements: "
                        + Files.readString(stderr));
            }
            assertTrue(child.isAlive(), "killed while still appending");
            // SIGKILL on Linux: no shutdown hook, no close(). Through the handle, which unlike
            // Process.destroyForcibly() leaves the pipe open, so acknowledgements in flight can be read.
            child.toHandle().destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            // Acknowledgements already in the pipe were printed after append() returned: they count too.
            while ((line = out.readLine()) != null) {
                collect(line, acknowledged);
            }
        } finally {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), "128 + SIGKILL");

        try (JsonlConsentLog log = JsonlConsentLog.open(dataDir)) {
            Set<String> stored = new HashSet<>();
            log.export(Instant.EPOCH, Instant.MAX, record -> stored.add(record.consentId()));
            Set<String> lost = new LinkedHashSet<>(acknowledged);
            lost.removeAll(stored);
            assertEquals(Set.of(), lost, "acknowledged but not stored, of " + acknowledged.size());
            // A line torn by the kill, if any, is skipped and reported, never fatal.
            assertTrue(log.corruptLines() <= 1, log.problems().toString());
            ConsentRecord after = RecordFixtures.record(Instant.now());
            log.append(after);
            assertEquals(List.of(after), log.history(after.consentId()));
        }
    }

    /** Only whole acknowledgements: a line cut by the kill names no id. */
    private static void collect(String line, Set<String> acknowledged) throws IOException {
        if (line.startsWith("ACK ") && line.length() == ACK_LENGTH) {
            acknowledged.add(line.substring(4));
        } else if (!line.equals("READY") && !line.startsWith("ACK ")) {
            throw new IOException("Unexpected line from the child: " + line);
        }
    }
}
