package dev.cookiewarden.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.config.WardenConfigParser;
import dev.cookiewarden.consent.ConsentCookies;
import dev.cookiewarden.consent.VisitorConsent;
import dev.cookiewarden.enforce.CookiePolicy;
import dev.cookiewarden.inventory.CookieInventory;
import dev.cookiewarden.inventory.InventoryEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GuardReportsTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void bucketLetsABurstThroughThenTheRefillRate() {
        GuardReports.TokenBucket bucket = new GuardReports.TokenBucket(50, 100);
        long t = 123 * SECOND;
        for (int i = 0; i < 100; i++) {
            assertTrue(bucket.tryTake(t), "burst, report " + i);
        }
        assertFalse(bucket.tryTake(t), "the burst is spent");
        assertFalse(bucket.tryTake(t + SECOND / 100), "10 ms refill half a token");
        assertTrue(bucket.tryTake(t + SECOND / 50), "20 ms refill one token");
        assertFalse(bucket.tryTake(t + SECOND / 50));
        int afterASecond = 0;
        while (bucket.tryTake(t + SECOND / 50 + SECOND)) {
            afterASecond++;
        }
        assertEquals(50, afterASecond, "one second refills 50");
        int afterAnHour = 0;
        while (bucket.tryTake(t + 3600 * SECOND)) {
            afterAnHour++;
        }
        assertEquals(100, afterAnHour, "never more than the burst");
    }

    @Test
    void bucketSurvivesTheClockWrappingAndNeverGrowsBackwards() {
        GuardReports.TokenBucket bucket = new GuardReports.TokenBucket(50, 100);
        long t = Long.MAX_VALUE - SECOND / 100;
        for (int i = 0; i < 100; i++) {
            assertTrue(bucket.tryTake(t));
        }
        // nanoTime may wrap: differences stay right.
        assertTrue(bucket.tryTake(t + SECOND / 50));
    }

    @Test
    void namesAreSplitOnSemicolonsDeduplicatedAndOnlyTokensKept() {
        assertEquals(List.of("_ga", "lang", "$x"), List.copyOf(GuardReports.names(" _ga;lang;_ga; ;a b;caf\u00e9;$x;")));
        assertEquals(Set.of(), GuardReports.names(""));
        assertEquals(Set.of(), GuardReports.names("x".repeat(129)));
        assertEquals(Set.of("x".repeat(128)), GuardReports.names("x".repeat(128)));
        StringBuilder many = new StringBuilder();
        for (int i = 1; i <= 25; i++) {
            many.append("n").append(i).append(';');
        }
        Set<String> first = GuardReports.names(many.toString());
        assertEquals(20, first.size(), "only the first 20 names count");
        assertTrue(first.contains("n20") && !first.contains("n21"), first.toString());
    }

    @Test
    void countWhenTheInventoryHasAReaderThenOnlyNamesTheGuardWouldRefuse() {
        CookieInventory inventory = new CookieInventory();
        GuardReports reports = new GuardReports(policy(), inventory, true);
        reports.count(new LinkedHashSet<>(List.of("_fbp", "JSESSIONID", "cookie_warden", "mystery")),
                VisitorConsent.UNDECIDED, Instant.parse("2026-12-03T15:00:00Z"));
        assertEquals(Map.of("_fbp", 1L, "mystery", 1L), guardBlocked(inventory),
                "the required category's cookie and the consent cookie are never counted");
    }

    @Test
    void countWhenNoAdminTokenThenNothingForAnInventoryNobodyCanRead() {
        CookieInventory inventory = new CookieInventory();
        GuardReports reports = new GuardReports(policy(), inventory, false);
        reports.count(Set.of("_fbp", "mystery"), VisitorConsent.UNDECIDED, Instant.parse("2026-12-03T15:00:00Z"));
        assertEquals(Map.of(), guardBlocked(inventory));
        assertEquals(0, inventory.size());
        assertEquals("GuardReports[50/s, burst 100, not counted: no admin.token]", reports.toString());
    }

    /** The wire tests' configuration: JSESSIONID strictly necessary, _fbp marketing. */
    private static CookiePolicy policy() {
        try (InputStream in = GuardReportsTest.class.getResourceAsStream("/conformance.properties")) {
            WardenConfig config = WardenConfigParser.parse(in, "conformance.properties");
            String consent = config.consentCookieName();
            return new CookiePolicy(config, Set.of(consent, ConsentCookies.HOST_PREFIX + consent));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Long> guardBlocked(CookieInventory inventory) {
        return inventory.snapshot().stream().filter(e -> e.guardBlocked() > 0)
                .collect(Collectors.toMap(InventoryEntry::name, InventoryEntry::guardBlocked));
    }
}
