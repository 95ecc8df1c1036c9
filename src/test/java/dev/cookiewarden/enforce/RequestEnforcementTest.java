package dev.cookiewarden.enforce;

import static dev.cookiewarden.enforce.PolicyFixtures.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestEnforcementTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final long DAY = 24 * 60 * 60;
    private static final String EPOCH = "Expires=Thu, 01 Jan 1970 00:00:00 GMT";

    private final CookieObservations observations = new CookieObservations();

    private RequestEnforcement enforcement(Set<String> granted, String... overrides) {
        return new RequestEnforcement(policy(overrides), granted, observations, false, NOW);
    }

    private static SetCookieHeader parsed(String value) {
        return SetCookieHeader.parse(value).orElseThrow(() -> new AssertionError("unparseable [" + value + "]"));
    }

    // ---- admit: what is dropped ----

    @Test
    void admitWhenControlCharacterThenDroppedAndCountedAsMalformedWithoutTheValue() {
        RequestEnforcement e = enforcement(Set.of("analytics"));
        assertEquals(Optional.empty(), e.admit("_ga=SECRET\u0001VALUE; Path=/"));
        assertEquals(Optional.empty(), e.admit("_ga=SECRET\r\nSet-Cookie: evil=1"));
        Map<String, Long> seen = observations.snapshot();
        assertEquals(Map.of("out FORBIDDEN (malformed)", 2L), seen);
        assertFalse(seen.toString().contains("SECRET"), seen::toString);
    }

    @Test
    void admitWhenEmptyOrOverlongThenDropped() {
        RequestEnforcement e = enforcement(Set.of(), "cookies.undeclared", "allow");
        assertEquals(Optional.empty(), e.admit(""));
        assertEquals(Optional.empty(), e.admit("a=" + "x".repeat(SetCookieHeader.MAX_HEADER_CHARS)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"=abc", "abc", " =abc; Path=/", "=a=b"})
    void admitWhenNamelessThenDroppedEvenWhenUndeclaredCookiesAreAllowed(String raw) {
        RequestEnforcement e = enforcement(Set.of("analytics", "marketing"), "cookies.undeclared", "allow");
        assertEquals(Optional.empty(), e.admit(raw));
        assertEquals(Map.of("out FORBIDDEN ", 1L), observations.snapshot());
    }

    @Test
    void admitWhenCategoryNotGrantedThenDroppedAndCounted() {
        RequestEnforcement e = enforcement(Set.of("analytics"));
        assertEquals(Optional.empty(), e.admit("_fbp=fb.1.123; Path=/shop; Max-Age=60"));
        assertEquals(Map.of("out NOT_GRANTED _fbp", 1L), observations.snapshot());
    }

    @Test
    void admitWhenConsentCookieNameThenDroppedWhateverTheGrants() {
        RequestEnforcement e = enforcement(Set.of("analytics", "marketing"), "cookies.undeclared", "allow");
        assertEquals(Optional.empty(), e.admit("cookie_warden=forged; Path=/"));
        assertEquals(Optional.empty(), e.admit("__Host-cookie_warden=forged; Path=/; Secure"));
    }

    @Test
    void admitWhenUndeclaredUnderBlockThenDropped() {
        assertEquals(Optional.empty(), enforcement(Set.of("analytics", "marketing")).admit("tracker=1"));
    }

    // ---- admit: what passes, and how ----

    @Test
    void admitWhenWithinCapThenTheSameStringIsReturned() {
        RequestEnforcement e = enforcement(Set.of("analytics"));
        // Odd spacing and attribute case must survive: the filter rewrites only what it must.
        String raw = "_ga=GA1.2.3;max-age=3600;  path=/ ; domain=.example.org;Secure;x-custom";
        assertSame(raw, e.admit(raw).orElseThrow());
        String session = "JSESSIONID=abc; Path=/; HttpOnly";
        assertSame(session, e.admit(session).orElseThrow());
    }

    @Test
    void admitWhenMaxAgeOverConfiguredCapThenMaxAgeRewrittenToTheCap() {
        RequestEnforcement e = enforcement(Set.of("analytics"), "cookies.max-lifetime-days", "30");
        String admitted = e.admit("_ga=GA1.2.3; Max-Age=63072000; Path=/; Domain=example.org").orElseThrow();
        SetCookieHeader c = parsed(admitted);
        assertEquals(OptionalLong.of(30 * DAY), c.maxAge());
        assertEquals("_ga", c.name());
        assertEquals("GA1.2.3", c.value());
        assertEquals(Optional.of("/"), c.path());
        assertEquals(Optional.of("example.org"), c.domain());
    }

    @Test
    void admitWhenExpiresOverConfiguredCapThenExpiresRewrittenToNowPlusCap() {
        RequestEnforcement e = enforcement(Set.of("analytics"), "cookies.max-lifetime-days", "30");
        String admitted = e.admit("_ga_ABC=1; Expires=Wed, 01 Jun 2027 12:00:00 GMT; Path=/").orElseThrow();
        SetCookieHeader c = parsed(admitted);
        assertEquals(Optional.of(NOW.plus(Duration.ofDays(30))), c.expires());
        assertEquals(OptionalLong.empty(), c.maxAge(), "no Max-Age is invented");
    }

    @Test
    void admitWhenBothLifetimesOverCapThenBothRewritten() {
        RequestEnforcement e = enforcement(Set.of("analytics"));
        SetCookieHeader c = parsed(e.admit("_ga=1; Expires=Wed, 01 Jun 2099 12:00:00 GMT; Max-Age=999999999").orElseThrow());
        assertEquals(OptionalLong.of(395 * DAY), c.maxAge());
        assertEquals(Optional.of(NOW.plus(Duration.ofDays(395))), c.expires());
    }

    @Test
    void admitWhenRequiredCookieOverFourHundredDaysThenCappedAtFourHundredNotTheConfiguredCap() {
        RequestEnforcement e = enforcement(Set.of(), "cookies.max-lifetime-days", "30");
        SetCookieHeader c = parsed(e.admit("JSESSIONID=abc; Max-Age=99999999").orElseThrow());
        assertEquals(OptionalLong.of(400 * DAY), c.maxAge());
        String within = "JSESSIONID=abc; Max-Age=" + (100 * DAY);
        assertSame(within, e.admit(within).orElseThrow(), "100 days is over the configured cap but required");
    }

    @Test
    void admitWhenUndeclaredUnderReportOnlyThenPassesCountedAndCappedAtConfiguredCap() {
        RequestEnforcement e = enforcement(Set.of(), "cookies.undeclared", "report-only", "cookies.max-lifetime-days", "30");
        SetCookieHeader c = parsed(e.admit("tracker=1; Max-Age=99999999").orElseThrow());
        assertEquals(OptionalLong.of(30 * DAY), c.maxAge());
        assertEquals(Map.of("out UNDECLARED_REPORTED tracker", 1L), observations.snapshot());
    }

    @Test
    void admitWhenUndeclaredUnderAllowThenPassesUncountedWithFourHundredDayCap() {
        RequestEnforcement e = enforcement(Set.of(), "cookies.undeclared", "allow", "cookies.max-lifetime-days", "30");
        SetCookieHeader c = parsed(e.admit("tracker=1; Max-Age=99999999").orElseThrow());
        assertEquals(OptionalLong.of(400 * DAY), c.maxAge());
        assertEquals(Map.of(), observations.snapshot());
    }

    @Test
    void maxAgeCapIsTheLifetimeCapInSeconds() {
        RequestEnforcement e = enforcement(Set.of(), "cookies.max-lifetime-days", "30");
        assertEquals(30 * DAY, e.maxAgeCap(Verdict.GRANTED));
        assertEquals(400 * DAY, e.maxAgeCap(Verdict.REQUIRED));
    }

    // ---- expireInBrowser ----

    @Test
    void expireInBrowserWhenDeclaredThenDeletionUsesDeclaredPathAndDomain() {
        RequestEnforcement e = enforcement(Set.of());
        e.expireInBrowser("_fbp");
        e.expireInBrowser("_ga");
        e.expireInBrowser("_ga_XYZ");
        assertEquals(List.of(
                Map.entry("_fbp", "_fbp=; Max-Age=0; " + EPOCH + "; Path=/shop"),
                Map.entry("_ga", "_ga=; Max-Age=0; " + EPOCH + "; Path=/; Domain=example.org"),
                // The glob's domain was written ".Example.ORG": the parser normalized it.
                Map.entry("_ga_XYZ", "_ga_XYZ=; Max-Age=0; " + EPOCH + "; Path=/; Domain=example.org")),
                e.filterCookies());
    }

    @Test
    void expireInBrowserWhenUndeclaredThenRootPathHostOnly() {
        RequestEnforcement e = enforcement(Set.of());
        e.expireInBrowser("tracker");
        assertEquals(List.of(Map.entry("tracker", "tracker=; Max-Age=0; " + EPOCH + "; Path=/")), e.filterCookies());
    }

    @Test
    void expireInBrowserWhenSecureRequestThenDeletionIsSecure() {
        RequestEnforcement e = new RequestEnforcement(policy(), Set.of(), observations, true, NOW);
        e.expireInBrowser("_ga");
        assertTrue(e.filterCookies().get(0).getValue().endsWith("; Secure"), e.filterCookies()::toString);
    }

    @Test
    void expireInBrowserWhenCalledTwiceForOneNameThenOneDeletion() {
        RequestEnforcement e = enforcement(Set.of());
        e.expireInBrowser("_ga");
        e.expireInBrowser("tracker");
        e.expireInBrowser("_ga");
        assertEquals(List.of("_ga", "tracker"), e.filterCookies().stream().map(Map.Entry::getKey).toList());
    }

    @Test
    void expireInBrowserWhenFilterCookieAlreadySetThenTheFilterCookieIsKept() {
        RequestEnforcement e = enforcement(Set.of());
        e.setFilterCookie("cookie_warden", "cookie_warden=new; Path=/");
        e.expireInBrowser("cookie_warden");
        assertEquals(List.of(Map.entry("cookie_warden", "cookie_warden=new; Path=/")), e.filterCookies());
    }

    @Test
    void setFilterCookieWhenNameAlreadyExpiredThenReplacesTheDeletionInPlace() {
        RequestEnforcement e = enforcement(Set.of());
        e.expireInBrowser("cookie_warden");
        e.expireInBrowser("_ga");
        e.setFilterCookie("cookie_warden", "cookie_warden=new; Path=/");
        assertEquals(List.of(Map.entry("cookie_warden", "cookie_warden=new; Path=/"),
                Map.entry("_ga", "_ga=; Max-Age=0; " + EPOCH + "; Path=/; Domain=example.org")), e.filterCookies());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a;b", "a=b", "bad\u0001name", "cr\rlf\n", " lead", "trail ", "", "\u007f"})
    void expireInBrowserWhenNameCannotBeInASetCookieThenNoThrowNoHeaderButConsentDependent(String name) {
        RequestEnforcement e = enforcement(Set.of());
        e.expireInBrowser(name);
        assertEquals(List.of(), e.filterCookies());
        assertTrue(e.consentDependent(), "the hidden cookie still makes the response depend on consent");
    }

    // ---- consentDependent ----

    @Test
    void consentDependentWhenNothingHappenedThenFalse() {
        assertFalse(enforcement(Set.of("analytics")).consentDependent());
    }

    @Test
    void consentDependentWhenOnlyRequiredAllowedOrForbiddenCookiesThenFalse() {
        RequestEnforcement e = enforcement(Set.of(), "cookies.undeclared", "allow");
        assertEquals(Verdict.REQUIRED, e.outgoing("JSESSIONID"));
        assertEquals(Verdict.UNDECLARED_ALLOWED, e.incoming("tracker"));
        assertEquals(Verdict.FORBIDDEN, e.outgoing("cookie_warden"));
        e.admit("JSESSIONID=1");
        e.admit("=nameless");
        assertFalse(e.consentDependent());
    }

    @Test
    void consentDependentWhenGrantedCookieSetThenTrue() {
        RequestEnforcement e = enforcement(Set.of("analytics"));
        e.admit("_ga=1");
        assertTrue(e.consentDependent());
    }

    @Test
    void consentDependentWhenNotGrantedCookieSeenIncomingThenTrue() {
        RequestEnforcement e = enforcement(Set.of());
        assertEquals(Verdict.NOT_GRANTED, e.incoming("_ga"));
        assertTrue(e.consentDependent());
    }

    @Test
    void consentDependentWhenFilterCookieSetThenTrue() {
        RequestEnforcement e = enforcement(Set.of());
        e.setFilterCookie("cookie_warden", "cookie_warden=v");
        assertTrue(e.consentDependent());
    }

    @Test
    void grantedIsACopyOfTheGrantsGiven() {
        Set<String> grants = new HashSet<>(Set.of("analytics"));
        RequestEnforcement e = new RequestEnforcement(policy(), grants, observations, false, NOW);
        grants.add("marketing");
        assertEquals(Set.of("analytics"), e.granted());
        assertEquals(Verdict.NOT_GRANTED, e.outgoing("_fbp"));
        assertTrue(e.isConsentCookie("__Host-cookie_warden"));
    }
}
