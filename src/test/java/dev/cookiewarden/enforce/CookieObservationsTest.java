package dev.cookiewarden.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CookieObservationsTest {
    private final CookieObservations observations = new CookieObservations();

    @ParameterizedTest
    @EnumSource(value = Verdict.class, names = {"REQUIRED", "GRANTED", "UNDECLARED_ALLOWED"})
    void recordWhenVerdictPassesSilentlyThenNothingKept(Verdict verdict) {
        observations.record("sid", verdict, true);
        observations.record("sid", verdict, false);
        assertEquals(Map.of(), observations.snapshot());
    }

    @Test
    void recordWhenBlockedOrReportedThenCountedPerDirectionVerdictAndName() {
        observations.record("_ga", Verdict.NOT_GRANTED, true);
        observations.record("_ga", Verdict.NOT_GRANTED, true);
        observations.record("_ga", Verdict.NOT_GRANTED, false);
        observations.record("tracker", Verdict.UNDECLARED_BLOCKED, false);
        observations.record("tracker", Verdict.UNDECLARED_REPORTED, true);
        observations.record("cookie_warden", Verdict.FORBIDDEN, true);
        assertEquals(Map.of(
                "out NOT_GRANTED _ga", 2L,
                "in NOT_GRANTED _ga", 1L,
                "in UNDECLARED_BLOCKED tracker", 1L,
                "out UNDECLARED_REPORTED tracker", 1L,
                "out FORBIDDEN cookie_warden", 1L), observations.snapshot());
    }

    @Test
    void snapshotIsSortedAndDetached() {
        observations.record("b", Verdict.NOT_GRANTED, true);
        observations.record("a", Verdict.NOT_GRANTED, true);
        Map<String, Long> first = observations.snapshot();
        assertEquals("[out NOT_GRANTED a, out NOT_GRANTED b]", first.keySet().toString());
        observations.record("a", Verdict.NOT_GRANTED, true);
        assertEquals(1L, first.get("out NOT_GRANTED a"));
        assertEquals(2L, observations.snapshot().get("out NOT_GRANTED a"));
    }

    @Test
    void recordWhenMoreThanMaxNamesThenFurtherNamesShareTheOverflowBucket() {
        for (int i = 0; i < CookieObservations.MAX_NAMES; i++) {
            observations.record("n" + i, Verdict.NOT_GRANTED, true);
        }
        assertEquals(CookieObservations.MAX_NAMES, observations.snapshot().size());

        for (int i = 0; i < 5000; i++) {
            observations.record("invented" + i, Verdict.NOT_GRANTED, true);
        }
        Map<String, Long> seen = observations.snapshot();
        assertEquals(CookieObservations.MAX_NAMES + 1, seen.size());
        assertEquals(5000L, seen.get("out NOT_GRANTED " + CookieObservations.OVERFLOW));
        assertFalse(seen.keySet().stream().anyMatch(k -> k.contains("invented")));
    }

    @Test
    void recordWhenFullThenKnownNamesStillCountUnderTheirOwnKey() {
        for (int i = 0; i < CookieObservations.MAX_NAMES + 10; i++) {
            observations.record("n" + i, Verdict.NOT_GRANTED, true);
        }
        observations.record("n0", Verdict.NOT_GRANTED, true);
        Map<String, Long> seen = observations.snapshot();
        assertEquals(2L, seen.get("out NOT_GRANTED n0"));
        assertEquals(10L, seen.get("out NOT_GRANTED " + CookieObservations.OVERFLOW));
    }

    @Test
    void recordWhenFullThenOverflowStaysBoundedAcrossVerdictsAndDirections() {
        for (int i = 0; i < CookieObservations.MAX_NAMES; i++) {
            observations.record("n" + i, Verdict.NOT_GRANTED, true);
        }
        Verdict[] counted = {Verdict.NOT_GRANTED, Verdict.UNDECLARED_BLOCKED, Verdict.UNDECLARED_REPORTED, Verdict.FORBIDDEN};
        for (int i = 0; i < 1000; i++) {
            observations.record("x" + i, counted[i % counted.length], i % 2 == 0);
        }
        // One overflow bucket per direction and verdict at most: the map cannot be grown by names.
        assertTrue(observations.snapshot().size() <= CookieObservations.MAX_NAMES + 2 * counted.length,
                () -> "size " + observations.snapshot().size());
    }

    @Test
    void neverStoresCookieValues() {
        RequestEnforcement e = new RequestEnforcement(PolicyFixtures.policy("cookies.undeclared", "report-only"),
                Set.of(), observations, false, Instant.parse("2025-06-01T12:00:00Z"));
        e.admit("_ga=VALUE-ONE; Path=/");
        e.admit("tracker=VALUE-TWO; Max-Age=60");
        e.admit("cookie_warden=VALUE-THREE");
        e.admit("=VALUE-FOUR");
        e.admit("VALUE-FIVE");
        e.admit("x=VALUE-SIX\u0000");
        Map<String, Long> seen = observations.snapshot();
        assertEquals(5, seen.size(), seen::toString);
        assertFalse(seen.toString().contains("VALUE"), seen::toString);
        assertFalse(observations.toString().contains("VALUE"));
    }
}
