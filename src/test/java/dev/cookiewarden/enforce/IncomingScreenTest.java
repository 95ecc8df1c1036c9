package dev.cookiewarden.enforce;

import static dev.cookiewarden.enforce.PolicyFixtures.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.inventory.CookieInventory;
import dev.cookiewarden.inventory.InventoryEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link RequestEnforcement#screen}: what is worked out once per kept line, and what every request still does. */
class IncomingScreenTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final String LINE = "JSESSIONID=1; _ga=GA1.2; cookie_warden=v; _fbp=fb.1; lang=fr";

    private final CookiePolicy policy = policy("cookies.undeclared", "report-only");
    private final CookieObservations observations = new CookieObservations();
    private final CookieInventory inventory = new CookieInventory();
    private final CookieLineMemo memo = new CookieLineMemo();

    private RequestEnforcement enforcement(Set<String> granted, CookieSightings sightings) {
        return new RequestEnforcement(policy, granted, observations, sightings, false, NOW);
    }

    /** What the inventory counted, as name to allowed / blocked / reported / seen incoming. */
    private static Map<String, List<Long>> counts(CookieInventory inventory) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (InventoryEntry e : inventory.snapshot()) {
            out.put(e.name(), List.of(e.allowed(), e.blocked(), e.reportedWouldBlock(), e.seenIncoming()));
        }
        return out;
    }

    @Test
    void screenWhenKeptLineSentAgainUnderTheSameConsentThenWorkedOutOnceAndEachRequestDeletesAndCounts() {
        CookieLine line = memo.read(LINE);
        assertSame(line, memo.read(new String(LINE)), "the memo hands out one line for equal text");
        RequestEnforcement first = enforcement(Set.of("analytics"), inventory);
        IncomingScreen s1 = first.screen(line);
        RequestEnforcement second = enforcement(Set.of("analytics"), inventory);
        IncomingScreen s2 = second.screen(line);

        assertSame(s1, s2, "verdicts worked out once");
        assertEquals("JSESSIONID=1; _ga=GA1.2; cookie_warden=v; lang=fr", s2.visibleHeader);
        assertEquals(Set.of("JSESSIONID", "_ga", "cookie_warden", "lang"), s2.visibleNames);
        for (RequestEnforcement e : List.of(first, second)) {
            assertEquals(List.of("_fbp"), e.filterCookies().stream().map(Map.Entry::getKey).toList(),
                    "each request expires the hidden cookie");
            assertTrue(e.consentDependent());
        }
        assertEquals(Map.of("in NOT_GRANTED _fbp", 2L, "in UNDECLARED_REPORTED lang", 2L), observations.snapshot());
        assertEquals(Map.of(
                "JSESSIONID", List.of(2L, 0L, 0L, 2L),
                "_ga", List.of(2L, 0L, 0L, 2L),
                "_fbp", List.of(0L, 2L, 0L, 2L),
                "lang", List.of(0L, 0L, 2L, 2L)), counts(inventory), "the consent cookie is not counted");
    }

    @Test
    void screenWhenSameLineUnderAnotherConsentThenWorkedOutAgain() {
        CookieLine line = memo.read(LINE);
        IncomingScreen refused = enforcement(Set.of(), inventory).screen(line);
        RequestEnforcement granting = enforcement(Set.of("analytics", "marketing"), inventory);
        IncomingScreen granted = granting.screen(line);

        assertNotSame(refused, granted);
        assertEquals("JSESSIONID=1; cookie_warden=v; lang=fr", refused.visibleHeader);
        assertFalse(granted.anyHidden);
        assertNull(granted.visibleHeader, "nothing hidden: the container's own header is read");
        assertEquals(List.of(), granting.filterCookies());
        assertSame(granted, enforcement(Set.of("marketing", "analytics"), inventory).screen(line),
                "an equal granted set is the same consent");
        assertEquals(Map.of(
                "JSESSIONID", List.of(3L, 0L, 0L, 3L),
                "_ga", List.of(2L, 1L, 0L, 3L),
                "_fbp", List.of(2L, 1L, 0L, 3L),
                "lang", List.of(0L, 0L, 3L, 3L)), counts(inventory));
    }

    @Test
    void screenWhenAnotherPolicyOrInventoryThenNotTheKeptScreening() {
        CookieLine line = memo.read(LINE);
        IncomingScreen kept = enforcement(Set.of(), inventory).screen(line);
        CookieInventory other = new CookieInventory();
        assertNotSame(kept, enforcement(Set.of(), other).screen(line));
        assertEquals(List.of(0L, 1L, 0L, 1L), counts(other).get("_ga"));
        IncomingScreen otherPolicy = new RequestEnforcement(policy(), Set.of(), observations, other, false, NOW).screen(line);
        assertEquals("JSESSIONID=1; cookie_warden=v", otherPolicy.visibleHeader, "undeclared blocked under the default policy");
    }

    @Test
    void screenWhenLineNotKeptThenNothingKeptAndEachCookieToldOneByOne() {
        List<String> told = new ArrayList<>();
        CookieSightings recording = (name, verdict, outgoing, category, now) -> told.add(name + " " + verdict + " " + category);
        CookieLine once = CookieLine.of(CookieHeader.parse(List.of(LINE)));
        enforcement(Set.of("analytics"), recording).screen(once);
        enforcement(Set.of("analytics"), recording).screen(once);

        assertNull(once.screen(), "a line read for one request keeps nothing");
        List<String> each = List.of("JSESSIONID REQUIRED necessary", "_ga GRANTED analytics",
                "_fbp NOT_GRANTED marketing", "lang UNDECLARED_REPORTED null");
        List<String> twice = new ArrayList<>(each);
        twice.addAll(each);
        assertEquals(twice, told);
    }

    @Test
    void screenWhenNamelessPieceThenHiddenButNeitherCountedNorExpired() {
        RequestEnforcement e = enforcement(Set.of(), inventory);
        IncomingScreen s = e.screen(memo.read("JSESSIONID=1; orphan"));
        assertTrue(s.anyHidden);
        assertEquals("JSESSIONID=1", s.visibleHeader);
        assertEquals(List.of(), e.filterCookies());
        assertEquals(Set.of("JSESSIONID"), counts(inventory).keySet());
        assertFalse(e.consentDependent());
    }

    @Test
    void screenWhenNoCookiesThenNothingHiddenNotedOrCounted() {
        RequestEnforcement e = enforcement(Set.of(), inventory);
        IncomingScreen s = e.screen(CookieLine.NONE);
        assertSame(IncomingScreen.NONE, s);
        assertSame(IncomingScreen.NONE, e.screen(CookieLine.of(List.of())));
        assertFalse(s.anyHidden);
        assertEquals(List.of(), e.filterCookies());
        assertEquals(List.of(), inventory.snapshot());
        assertEquals(Map.of(), observations.snapshot());
    }
}
