package dev.cookiewarden.record;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The periodic retention purge behind {@link ConsentLog#schedulePurge}. */
final class PurgeSchedule {
    static final Duration DAILY = Duration.ofDays(1);

    private static final Logger LOG = LoggerFactory.getLogger(PurgeSchedule.class);

    private PurgeSchedule() {
    }

    /** Runs one purge now and then one every {@code period}; {@code period} is shorter in tests. */
    static ScheduledFuture<?> start(ConsentLog log, Duration retention, ScheduledExecutorService executor,
                                    Clock clock, Duration period) {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(clock, "clock");
        if (retention.isZero() || retention.isNegative()) {
            throw new IllegalArgumentException("retention [" + retention + "] must be positive");
        }
        return executor.scheduleAtFixedRate(() -> runOnce(log, retention, clock), 0, period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    static void runOnce(ConsentLog log, Duration retention, Clock clock) {
        Instant cutoff;
        try {
            cutoff = clock.instant().minus(retention);
        } catch (ArithmeticException | DateTimeException e) {
            LOG.warn("Consent log purge skipped: retention [{}] reaches before the earliest instant", retention);
            return;
        }
        try {
            int removed = log.purgeBefore(cutoff);
            if (removed > 0) {
                LOG.info("Consent log [{}] purged {} record(s) older than {} (retention {})", log.kind(), removed,
                        cutoff, retention);
            } else {
                LOG.debug("Consent log [{}] held no record older than {}", log.kind(), cutoff);
            }
        } catch (Exception e) {
            // Caught broadly: an exception escaping a periodic task silently cancels every later run.
            LOG.warn("Consent log [{}] purge before {} failed; the next run retries", log.kind(), cutoff, e);
        }
    }
}
