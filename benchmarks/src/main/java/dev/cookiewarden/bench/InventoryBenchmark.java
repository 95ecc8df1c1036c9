package dev.cookiewarden.bench;

import dev.cookiewarden.enforce.CookieSightings;
import dev.cookiewarden.enforce.Verdict;
import dev.cookiewarden.inventory.CookieInventory;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What counting a returning visitor's request in the cookie inventory costs when two threads
 * count at once, as a loaded server's do: the set of the five cookies the browser sent
 * ({@code Prepared.seen}), and the application's one cookie ({@code observe}), both on the
 * counters every request of that visitor shares. The time moves on by a second every
 * {@value #CALLS_PER_SECOND} calls of a thread, about what one core serves, so that the times
 * of first and last sighting change as often as they do under load, not never.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@Threads(2)
public class InventoryBenchmark {
    static final int CALLS_PER_SECOND = 16_384;

    private CookieInventory inventory;
    private CookieSightings.Prepared returningSet;

    /** One thread's clock: a second later every {@value #CALLS_PER_SECOND} calls. */
    @State(Scope.Thread)
    public static class ThreadClock {
        private Instant now = Instant.parse("2026-12-02T12:00:00Z");
        private int calls;

        Instant tick() {
            if (++calls == CALLS_PER_SECOND) {
                calls = 0;
                now = now.plusSeconds(1);
            }
            return now;
        }
    }

    @Setup
    public void setUp() {
        inventory = new CookieInventory();
        returningSet = inventory.prepare(List.of(
                new CookieSightings.Sighting("cookie_warden", Verdict.REQUIRED, "necessary"),
                new CookieSightings.Sighting("JSESSIONID", Verdict.REQUIRED, "necessary"),
                new CookieSightings.Sighting("lang", Verdict.GRANTED, "preferences"),
                new CookieSightings.Sighting("_ga", Verdict.GRANTED, "analytics"),
                new CookieSightings.Sighting("_ga_7XK2P4Q9ZR", Verdict.GRANTED, "analytics")));
    }

    /** The browser's five cookies, counted as one set. */
    @Benchmark
    public void incomingSet(ThreadClock clock) {
        returningSet.seen(clock.tick());
    }

    /** The application's cart cookie, counted by name. */
    @Benchmark
    public void outgoing(ThreadClock clock) {
        inventory.observe("cart", Verdict.REQUIRED, true, "necessary", clock.tick());
    }
}
