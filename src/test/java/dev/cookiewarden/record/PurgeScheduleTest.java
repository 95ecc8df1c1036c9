package dev.cookiewarden.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PurgeScheduleTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** Records the cutoffs it is asked to purge before; the first {@code failures} calls throw. */
    private static final class RecordingLog implements ConsentLog {
        final BlockingQueue<Instant> cutoffs = new LinkedBlockingQueue<>();
        int failures;

        @Override
        public void append(ConsentRecord record) {
        }

        @Override
        public List<ConsentRecord> history(String consentId) {
            return List.of();
        }

        @Override
        public void export(Instant fromInclusive, Instant toExclusive, Consumer<ConsentRecord> sink) {
        }

        @Override
        public int purgeBefore(Instant cutoff) throws IOException {
            cutoffs.add(cutoff);
            if (failures-- > 0) {
                throw new IOException("simulated");
            }
            return 1;
        }

        @Override
        public void close() {
        }

        @Override
        public String kind() {
            return "recording";
        }
    }

    @Test
    void firstPurgeRunsAtOnceWithTheCutoffRetentionAgo() throws Exception {
        RecordingLog log = new RecordingLog();
        ScheduledFuture<?> future = ConsentLog.schedulePurge(log, Duration.ofDays(395), executor, CLOCK);
        assertEquals(NOW.minus(Duration.ofDays(395)), log.cutoffs.poll(5, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (future.getDelay(TimeUnit.MILLISECONDS) <= 0 && System.nanoTime() < deadline) {
            Thread.sleep(1); // the first run is rescheduled once it has returned
        }
        assertEquals(TimeUnit.HOURS.toMillis(24), future.getDelay(TimeUnit.MILLISECONDS), 60_000, "then daily");
        future.cancel(false);
    }

    @Test
    void failedPurgeDoesNotStopLaterRuns() throws Exception {
        RecordingLog log = new RecordingLog();
        log.failures = 1;
        ScheduledFuture<?> future = PurgeSchedule.start(log, Duration.ofDays(1), executor, CLOCK,
                Duration.ofMillis(20));
        assertEquals(NOW.minus(Duration.ofDays(1)), log.cutoffs.poll(5, TimeUnit.SECONDS));
        assertEquals(NOW.minus(Duration.ofDays(1)), log.cutoffs.poll(5, TimeUnit.SECONDS), "ran again");
        assertFalse(future.isDone());
        future.cancel(false);
    }

    @Test
    void retentionMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConsentLog.schedulePurge(new RecordingLog(), Duration.ZERO, executor, CLOCK));
        assertEquals("retention [PT0S] must be positive", e.getMessage());
    }

    @Test
    void purgeOfARealLogThroughTheSchedule() throws Exception {
        Path dataDir = RecordFixtures.tempDirectory("schedule");
        try (JsonlConsentLog log = JsonlConsentLog.open(dataDir)) {
            ConsentRecord old = RecordFixtures.record(NOW.minus(Duration.ofDays(10)));
            ConsentRecord recent = RecordFixtures.record(NOW.minus(Duration.ofDays(2)));
            log.append(old);
            log.append(recent);
            PurgeSchedule.runOnce(log, Duration.ofDays(5), CLOCK);
            assertEquals(List.of(), log.history(old.consentId()));
            assertEquals(List.of(recent), log.history(recent.consentId()));
        }
    }
}
