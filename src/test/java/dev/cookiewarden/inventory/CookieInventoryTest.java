package dev.cookiewarden.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.Concurrently;
import dev.cookiewarden.enforce.CookieSightings.Prepared;
import dev.cookiewarden.enforce.CookieSightings.Sighting;
import dev.cookiewarden.enforce.Verdict;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CookieInventoryTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final CookieInventory inventory = new CookieInventory();

    private InventoryEntry only(String name) {
        return inventory.snapshot().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void observeWhenVerdictsVaryThenEachCountedInItsColumn() {
        inventory.observe("_ga", Verdict.GRANTED, true, "analytics", T0);
        inventory.observe("_ga", Verdict.GRANTED, false, "analytics", T0);
        inventory.observe("_ga", Verdict.NOT_GRANTED, true, "analytics", T0);
        inventory.observe("_ga", Verdict.NOT_GRANTED, false, "analytics", T0);
        inventory.observe("_ga", Verdict.NOT_GRANTED, false, "analytics", T0);
        InventoryEntry e = only("_ga");
        assertEquals("analytics", e.category());
        assertTrue(e.declared());
        assertEquals(2, e.allowed());
        assertEquals(3, e.blocked());
        assertEquals(0, e.reportedWouldBlock());
        assertEquals(3, e.seenIncoming());
        assertEquals(0, e.guardBlocked());
        assertEquals(5, e.total());
        assertFalse(e.overflow());
    }

    @ParameterizedTest
    @EnumSource(value = Verdict.class, names = {"REQUIRED", "GRANTED", "UNDECLARED_ALLOWED"})
    void observeWhenVerdictPassesThenAllowed(Verdict verdict) {
        inventory.observe("c", verdict, true, null, T0);
        InventoryEntry e = only("c");
        assertEquals(List.of(1L, 0L, 0L), List.of(e.allowed(), e.blocked(), e.reportedWouldBlock()));
    }

    @ParameterizedTest
    @EnumSource(value = Verdict.class, names = {"NOT_GRANTED", "UNDECLARED_BLOCKED", "FORBIDDEN"})
    void observeWhenVerdictStopsThenBlocked(Verdict verdict) {
        inventory.observe("c", verdict, true, null, T0);
        InventoryEntry e = only("c");
        assertEquals(List.of(0L, 1L, 0L), List.of(e.allowed(), e.blocked(), e.reportedWouldBlock()));
    }

    @Test
    void observeWhenReportOnlyThenCountedAsWouldBlockNotAsAllowed() {
        inventory.observe("tracker", Verdict.UNDECLARED_REPORTED, true, null, T0);
        inventory.observe("tracker", Verdict.UNDECLARED_REPORTED, false, null, T0);
        InventoryEntry e = only("tracker");
        assertEquals(0, e.allowed());
        assertEquals(2, e.reportedWouldBlock());
        assertEquals(1, e.seenIncoming());
        assertNull(e.category());
        assertFalse(e.declared());
    }

    @Test
    void observeGuardBlockedThenCountedSeparatelyAndWithoutCategory() {
        inventory.observeGuardBlocked("_fbp", T0);
        inventory.observeGuardBlocked("_fbp", T0.plusSeconds(1));
        InventoryEntry e = only("_fbp");
        assertEquals(2, e.guardBlocked());
        assertEquals(0, e.blocked());
        assertEquals(2, e.total());
        assertNull(e.category());

        inventory.observe("_fbp", Verdict.NOT_GRANTED, true, "marketing", T0.plusSeconds(2));
        e = only("_fbp");
        assertEquals("marketing", e.category());
        assertEquals(2, e.guardBlocked());
        assertEquals(1, e.blocked());
    }

    @Test
    void observeWhenTimesOutOfOrderThenFirstIsEarliestAndLastIsLatest() {
        inventory.observe("c", Verdict.GRANTED, true, "a", T0.plusSeconds(60));
        inventory.observe("c", Verdict.GRANTED, true, "a", T0);
        inventory.observeGuardBlocked("c", T0.plusSeconds(120));
        inventory.observe("c", Verdict.GRANTED, true, "a", T0.plusSeconds(30));
        InventoryEntry e = only("c");
        assertEquals(T0, e.firstSeen());
        assertEquals(T0.plusSeconds(120), e.lastSeen());
    }

    @Test
    void observeWhenNameHasControlCharactersThenShownCleaned() {
        inventory.observe("evil\r\nSet-Cookie: x\u0000\u00e9", Verdict.UNDECLARED_BLOCKED, false, null, T0);
        assertEquals("evil??Set-Cookie: x??", inventory.snapshot().get(0).name());
    }

    @Test
    void observeWhenNameHugeThenCutTo128Characters() {
        String huge = "a".repeat(10_000);
        inventory.observe(huge, Verdict.UNDECLARED_BLOCKED, false, null, T0);
        inventory.observe(huge + "b", Verdict.UNDECLARED_BLOCKED, false, null, T0);
        List<InventoryEntry> all = inventory.snapshot();
        assertEquals(1, all.size());
        assertEquals(128, all.get(0).name().length());
        assertTrue(all.get(0).name().endsWith("..."));
        assertEquals(2, all.get(0).blocked());
    }

    @Test
    void observeWhenNameEmptyOrNullThenShownAsNoName() {
        inventory.observe("", Verdict.FORBIDDEN, true, null, T0);
        inventory.observe(null, Verdict.FORBIDDEN, true, null, T0);
        assertEquals("(no name)", only("(no name)").name());
        assertEquals(2, only("(no name)").blocked());
    }

    @Test
    void observeWhenMoreThanMaxNamesThenFurtherNamesShareTheOverflowBucket() {
        for (int i = 0; i < CookieInventory.MAX_NAMES; i++) {
            inventory.observe("n" + i, Verdict.UNDECLARED_BLOCKED, true, null, T0);
        }
        assertEquals(CookieInventory.MAX_NAMES, inventory.size());
        assertFalse(inventory.snapshot().stream().anyMatch(InventoryEntry::overflow));

        for (int i = 0; i < 5_000; i++) {
            inventory.observe("invented" + i, Verdict.UNDECLARED_BLOCKED, true, "x", T0.plusSeconds(i));
        }
        inventory.observeGuardBlocked("invented-by-script", T0);
        // A name already kept is still counted under its own name.
        inventory.observe("n7", Verdict.UNDECLARED_BLOCKED, true, null, T0);

        assertEquals(CookieInventory.MAX_NAMES, inventory.size());
        List<InventoryEntry> all = inventory.snapshot();
        assertEquals(CookieInventory.MAX_NAMES + 1, all.size());
        InventoryEntry rest = all.get(all.size() - 1);
        assertTrue(rest.overflow());
        assertEquals(CookieInventory.OVERFLOW, rest.name());
        assertEquals(5_000, rest.blocked());
        assertEquals(1, rest.guardBlocked());
        assertNull(rest.category(), "the bucket mixes names: no category");
        assertEquals(T0, rest.firstSeen());
        assertEquals(T0.plusSeconds(4_999), rest.lastSeen());
        assertEquals(2, only("n7").blocked());
    }

    @Test
    void snapshotIsSortedUndeclaredFirstThenByCountThenByName() {
        inventory.observe("declared-busy", Verdict.GRANTED, true, "analytics", T0);
        for (int i = 0; i < 10; i++) {
            inventory.observe("declared-busy", Verdict.GRANTED, true, "analytics", T0);
        }
        inventory.observe("declared-quiet", Verdict.REQUIRED, true, "necessary", T0);
        inventory.observe("undeclared-b", Verdict.UNDECLARED_BLOCKED, true, null, T0);
        inventory.observe("undeclared-a", Verdict.UNDECLARED_BLOCKED, true, null, T0);
        for (int i = 0; i < 3; i++) {
            inventory.observe("undeclared-busy", Verdict.UNDECLARED_REPORTED, true, null, T0);
        }
        inventory.observeGuardBlocked("guard-only", T0);
        inventory.observeGuardBlocked("guard-only", T0);
        assertEquals(List.of("undeclared-busy", "guard-only", "undeclared-a", "undeclared-b", "declared-busy",
                "declared-quiet"), inventory.snapshot().stream().map(InventoryEntry::name).toList());
    }

    @Test
    void snapshotIsDetachedAndUnmodifiable() {
        inventory.observe("a", Verdict.GRANTED, true, "x", T0);
        List<InventoryEntry> first = inventory.snapshot();
        inventory.observe("a", Verdict.GRANTED, true, "x", T0);
        inventory.observe("b", Verdict.GRANTED, true, "x", T0);
        assertEquals(1, first.size());
        assertEquals(1, first.get(0).allowed());
        assertEquals(2, only("a").allowed());
        try {
            first.clear();
            throw new AssertionError("snapshot is modifiable");
        } catch (UnsupportedOperationException expected) {
            // unmodifiable, as documented
        }
    }

    @Test
    void observeFromManyThreadsThenNoCountIsLost() throws Exception {
        int threads = 8;
        int perThread = 20_000;
        int names = 50;
        Concurrently.run(threads, t -> () -> {
            for (int i = 0; i < perThread; i++) {
                String name = "c" + (i % names);
                // 7 is prime to 50: every name is also seen by the server, with its category.
                if (i % 7 == 0) {
                    inventory.observeGuardBlocked(name, T0.plusSeconds(i));
                } else {
                    inventory.observe(name, i % 2 == 0 ? Verdict.GRANTED : Verdict.NOT_GRANTED, i % 3 != 0, "analytics",
                            T0.plusSeconds(i));
                }
            }
            return null;
        });
        List<InventoryEntry> all = inventory.snapshot();
        assertEquals(names, all.size());
        long total = all.stream().mapToLong(InventoryEntry::total).sum();
        long guard = all.stream().mapToLong(InventoryEntry::guardBlocked).sum();
        assertEquals((long) threads * perThread, total);
        assertEquals((long) threads * ((perThread + 6) / 7), guard);
        for (InventoryEntry e : all) {
            // Name c<k> is seen at seconds k, k + 50, ...: the earliest and latest survive the races.
            long k = Long.parseLong(e.name().substring(1));
            assertEquals(T0.plusSeconds(k), e.firstSeen(), e.name());
            assertEquals(T0.plusSeconds(perThread - names + k), e.lastSeen(), e.name());
            assertEquals("analytics", e.category());
        }
    }

    @Test
    void observeManyNewNamesFromManyThreadsThenBoundHoldsExactly() throws Exception {
        int threads = 8;
        int perThread = 1_000;
        Concurrently.run(threads, t -> () -> {
            for (int i = 0; i < perThread; i++) {
                inventory.observe("t" + t + "-" + i, Verdict.UNDECLARED_BLOCKED, true, null, T0);
            }
            return null;
        });
        assertEquals(CookieInventory.MAX_NAMES, inventory.size());
        List<InventoryEntry> all = inventory.snapshot();
        assertEquals(CookieInventory.MAX_NAMES + 1, all.size());
        assertEquals((long) threads * perThread, all.stream().mapToLong(InventoryEntry::blocked).sum());
        assertEquals((long) threads * perThread - CookieInventory.MAX_NAMES, all.get(all.size() - 1).blocked());
    }

    @Test
    void snapshotWhileObservingThenNeverFails() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < 50_000; i++) {
                    inventory.observe("w" + (i % 3_000), Verdict.UNDECLARED_BLOCKED, true, null, T0);
                }
                done.countDown();
            });
            Future<?> reader = pool.submit(() -> {
                while (done.getCount() > 0) {
                    List<InventoryEntry> s = inventory.snapshot();
                    assertTrue(s.size() <= CookieInventory.MAX_NAMES + 1);
                }
            });
            writer.get(60, TimeUnit.SECONDS);
            reader.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- sets of incoming sightings (prepare) ----

    private static final List<Sighting> RETURNING = List.of(
            new Sighting("JSESSIONID", Verdict.REQUIRED, "necessary"),
            new Sighting("_ga", Verdict.GRANTED, "analytics"),
            new Sighting("_fbp", Verdict.NOT_GRANTED, "marketing"),
            new Sighting("lang", Verdict.UNDECLARED_REPORTED, null),
            new Sighting("_ga", Verdict.GRANTED, "analytics"));

    @Test
    void prepareWhenToldThenCountsExactlyWhatSeeingEachWould() {
        CookieInventory oneByOne = new CookieInventory();
        Prepared set = inventory.prepare(RETURNING);
        List<Instant> times = List.of(T0.plusSeconds(5), T0.plusSeconds(1), T0.plusSeconds(9), T0.plusSeconds(1));
        for (Instant t : times) {
            set.seen(t);
            for (Sighting s : RETURNING) {
                oneByOne.observe(s.name(), s.verdict(), false, s.category(), t);
            }
        }
        // The same names set by the application, at other times, mix with the sets' counts.
        for (CookieInventory each : List.of(inventory, oneByOne)) {
            each.observe("_ga", Verdict.GRANTED, true, "analytics", T0);
            each.observe("lang", Verdict.UNDECLARED_REPORTED, true, null, T0.plusSeconds(20));
            each.observeGuardBlocked("_fbp", T0.plusSeconds(3));
        }
        assertEquals(oneByOne.snapshot(), inventory.snapshot());
        InventoryEntry ga = only("_ga");
        assertEquals(List.of(9L, 8L, T0, T0.plusSeconds(9)), List.of(ga.allowed(), ga.seenIncoming(), ga.firstSeen(), ga.lastSeen()));
        InventoryEntry lang = only("lang");
        assertEquals(List.of(5L, 4L, T0.plusSeconds(1), T0.plusSeconds(20)),
                List.of(lang.reportedWouldBlock(), lang.seenIncoming(), lang.firstSeen(), lang.lastSeen()));
    }

    @Test
    void prepareWhenNotYetToldThenNothingListed() {
        inventory.prepare(RETURNING);
        assertEquals(List.of(), inventory.snapshot());
    }

    @Test
    void prepareWhenEqualSetThenTheSameCounterAndWhenAnOutcomeDiffersThenAnother() {
        Prepared first = inventory.prepare(RETURNING);
        assertSame(first, inventory.prepare(new ArrayList<>(RETURNING)));
        List<Sighting> refused = new ArrayList<>(RETURNING);
        refused.set(1, new Sighting("_ga", Verdict.NOT_GRANTED, "analytics"));
        assertNotSame(first, inventory.prepare(refused));
        assertEquals(2, inventory.preparedSets());
        assertTrue(inventory.toString().endsWith(", 2 sets]"), inventory::toString);
    }

    @Test
    void prepareWhenMoreThanMaxSetsThenFurtherSetsCountedOneByOneAndNothingLost() {
        int extra = 25;
        for (int i = 0; i < CookieInventory.MAX_SETS + extra; i++) {
            Prepared p = inventory.prepare(List.of(new Sighting("s" + i, Verdict.GRANTED, "analytics"),
                    new Sighting("common", Verdict.UNDECLARED_BLOCKED, null)));
            p.seen(T0);
            p.seen(T0.plusSeconds(1));
        }
        assertEquals(CookieInventory.MAX_SETS, inventory.preparedSets());
        assertEquals(2L * (CookieInventory.MAX_SETS + extra), only("common").blocked());
        assertEquals(2L, only("s" + (CookieInventory.MAX_SETS + extra - 1)).allowed());
        assertEquals(2L, only("s0").allowed());
    }

    @Test
    void prepareWhenNamesPastTheBoundThenCountedUnderTheOverflowBucket() {
        for (int i = 0; i < CookieInventory.MAX_NAMES; i++) {
            inventory.observe("n" + i, Verdict.UNDECLARED_BLOCKED, true, null, T0);
        }
        inventory.prepare(List.of(new Sighting("late1", Verdict.GRANTED, "analytics"),
                new Sighting("late2", Verdict.GRANTED, "analytics"))).seen(T0);
        List<InventoryEntry> all = inventory.snapshot();
        InventoryEntry rest = all.get(all.size() - 1);
        assertTrue(rest.overflow());
        assertEquals(List.of(2L, 2L), List.of(rest.allowed(), rest.seenIncoming()));
        assertTrue(inventory.toString().contains(" + overflow"), inventory::toString);
    }

    @Test
    void prepareAndObserveFromManyThreadsThenNoCountIsLost() throws Exception {
        int threads = 8;
        int perThread = 20_000;
        Concurrently.run(threads, t -> () -> {
            // Each thread prepares its own copy: they must share one counter.
            Prepared set = inventory.prepare(new ArrayList<>(RETURNING));
            for (int i = 0; i < perThread; i++) {
                set.seen(T0.plusSeconds(i));
                if (i % 4 == 0) {
                    inventory.observe("_ga", Verdict.GRANTED, false, "analytics", T0.plusSeconds(perThread + t));
                }
            }
            return null;
        });
        long sets = (long) threads * perThread;
        long direct = (long) threads * (perThread / 4);
        assertEquals(1, inventory.preparedSets());
        assertEquals(2 * sets + direct, only("_ga").seenIncoming());
        assertEquals(sets, only("JSESSIONID").allowed());
        assertEquals(sets, only("_fbp").blocked());
        assertEquals(sets, only("lang").reportedWouldBlock());
        assertEquals(T0, only("_ga").firstSeen());
        assertEquals(T0.plusSeconds(perThread + threads - 1), only("_ga").lastSeen());
        assertEquals(T0.plusSeconds(perThread - 1), only("_fbp").lastSeen());
    }

    @Test
    void observeWhenWithinOneSecondThenTimesKeptToThatSecond() {
        inventory.observe("c", Verdict.GRANTED, true, "a", T0.plusNanos(123_456_789));
        inventory.observe("c", Verdict.GRANTED, true, "a", T0.plusMillis(999));
        inventory.observe("c", Verdict.GRANTED, true, "a", T0.plusMillis(1_000));
        assertEquals(T0, only("c").firstSeen());
        assertEquals(T0.plusSeconds(1), only("c").lastSeen());
        assertEquals(3, only("c").allowed());
    }

    @Test
    void observeWhenFarInstantsThenKeptToTheSecondAndOrdered() {
        Instant early = Instant.parse("1677-09-22T00:00:00.000000001Z");
        Instant late = Instant.parse("2262-04-10T23:59:59.999999999Z");
        inventory.observe("c", Verdict.GRANTED, true, "a", T0);
        inventory.observe("c", Verdict.GRANTED, true, "a", late);
        inventory.observe("c", Verdict.GRANTED, true, "a", early);
        assertEquals(Instant.parse("1677-09-22T00:00:00Z"), only("c").firstSeen());
        assertEquals(Instant.parse("2262-04-10T23:59:59Z"), only("c").lastSeen());
    }

    @Test
    void observeWhenInstantAtTheEndsOfTimeThenStillSeenAndOrdered() {
        inventory.observe("c", Verdict.GRANTED, true, "a", Instant.MAX);
        inventory.observe("c", Verdict.GRANTED, true, "a", Instant.MIN);
        InventoryEntry e = only("c");
        assertEquals(Instant.MIN, e.firstSeen());
        assertEquals(Instant.MAX.truncatedTo(ChronoUnit.SECONDS), e.lastSeen());
        assertEquals(2, e.allowed());
    }

    @Test
    void observeWhenSameInstantManyTimesThenCountedEachTimeAndTimesUnchanged() {
        for (int i = 0; i < 1_000; i++) {
            inventory.observe("JSESSIONID", Verdict.REQUIRED, false, "necessary", T0);
        }
        InventoryEntry e = only("JSESSIONID");
        assertEquals(1_000, e.allowed());
        assertEquals(T0, e.firstSeen());
        assertEquals(T0, e.lastSeen());
        assertEquals("necessary", e.category());
    }
}
