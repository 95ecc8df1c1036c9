package dev.cookiewarden.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@code Vary} the sweep writes: every name the response depends on, each once, joining the
 * response's one {@code Vary} when it has one, in a header of its own when it has none or
 * several. The wire tests ({@code InjectionWireTest}, {@code ConformanceSuite}) show the same on
 * both containers; these reach what no application can ask for, such as names asked for twice.
 */
class EnforcingResponseVaryTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    /** The real response's Vary values, in order; its other headers are not asked for. */
    private final List<String> vary = new ArrayList<>();
    /** How many times the Vary headers were read. */
    private int reads;
    /** How many times the real response was asked whether it is committed. */
    private int commitAsks;
    private final HttpServletResponse real = (HttpServletResponse) Proxy.newProxyInstance(
            EnforcingResponseVaryTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "isCommitted" -> {
                    commitAsks++;
                    yield false;
                }
                case "containsHeader" -> false;
                case "getHeader" -> {
                    reads++;
                    yield vary.isEmpty() ? null : vary.get(0);
                }
                case "getHeaders" -> {
                    reads++;
                    yield List.copyOf(vary);
                }
                case "addIntHeader" -> {
                    assertEquals("Vary", args[0]);
                    vary.add(String.valueOf(args[1]));
                    yield null;
                }
                case "addHeader" -> {
                    assertEquals("Vary", args[0]);
                    vary.add((String) args[1]);
                    yield null;
                }
                case "setHeader" -> {
                    assertEquals("Vary", args[0]);
                    vary.clear();
                    if (args[1] != null) {
                        vary.add((String) args[1]);
                    }
                    yield null;
                }
                case "toString" -> "real response";
                default -> throw new UnsupportedOperationException(method.getName());
            });
    private final EnforcingResponse response = new EnforcingResponse(real,
            new RequestEnforcement(PolicyFixtures.policy(), Set.of(), new CookieObservations(), false, NOW));

    @Test
    void namesAskedForAfterTheSweepsCookieJoinItsHeader() {
        response.markConsentDependent();
        response.sweepIfDirty();
        assertEquals(List.of("Cookie"), vary);
        response.markConsentDependent(List.of("Accept-Language", "Sec-Fetch-Dest"));
        response.sweepIfDirty();
        assertEquals(List.of("Cookie, Accept-Language, Sec-Fetch-Dest"), vary);
        response.sweepIfDirty();
        assertEquals(List.of("Cookie, Accept-Language, Sec-Fetch-Dest"), vary);
    }

    @Test
    void namesJoinTheSweepsCookieUnreadWhenNothingWroteAVarySince() {
        response.markConsentDependent();
        response.sweepIfDirty();
        assertEquals(1, reads, "none there yet: one getHeader");
        response.markConsentDependent(List.of("Accept-Language", "Sec-Fetch-Dest"));
        response.sweepIfDirty();
        assertEquals(1, reads, "the sweep's own Cookie, alone: not read again");
        assertEquals(List.of("Cookie, Accept-Language, Sec-Fetch-Dest"), vary);
    }

    @Test
    void aSweepWithNothingToWriteNeverAsksWhetherTheResponseIsCommitted() {
        response.markConsentDependent();
        response.sweepIfDirty();
        assertEquals(1, commitAsks, "the first sweep writes Vary: Cookie");
        // A consent-dependent cookie admitted since, as a returning visitor's request sets: its
        // Vary already names Cookie, so nothing is left to write (and Jetty locks to answer).
        response.markConsentDependent();
        response.sweepIfDirty();
        assertEquals(1, commitAsks);
        assertEquals(List.of("Cookie"), vary);
        response.markConsentDependent(List.of("Accept-Language"));
        response.sweepIfDirty();
        assertEquals(2, commitAsks, "a name to add: asked before writing it");
        assertEquals(List.of("Cookie, Accept-Language"), vary);
    }

    @Test
    void aVaryAddedAsANumberIsReadBeforeTheNamesAreJoined() {
        response.markConsentDependent();
        response.sweepIfDirty();
        response.addIntHeader("Vary", 7);
        response.markConsentDependent(List.of("Accept-Language"));
        response.sweepIfDirty();
        assertEquals(List.of("Cookie", "7", "Accept-Language"), vary);
    }

    @Test
    void namesAskedForTwiceAreListedOnceInTheOrderFirstAsked() {
        response.markConsentDependent(List.of("Accept-Language", "Sec-Fetch-Dest"));
        response.markConsentDependent(List.of("Sec-Fetch-Dest", "Origin", "Accept-Language"));
        response.sweepIfDirty();
        assertEquals(List.of("Accept-Language, Sec-Fetch-Dest, Origin, Cookie"), vary);
    }

    @Test
    void onlyTheNamesTheApplicationsVaryLacksJoinIt() {
        response.addHeader("Vary", "accept-language");
        response.markConsentDependent(List.of("Accept-Language", "Sec-Fetch-Dest"));
        response.sweepIfDirty();
        assertEquals(List.of("accept-language, Sec-Fetch-Dest, Cookie"), vary);
    }

    @Test
    void besideSeveralVaryHeadersTheMissingNamesGetOneOfTheirOwn() {
        response.markConsentDependent();
        response.sweepIfDirty();
        response.addHeader("Vary", "Origin");
        response.markConsentDependent(List.of("Accept-Language", "Origin"));
        response.sweepIfDirty();
        assertEquals(List.of("Cookie", "Origin", "Accept-Language"), vary);
    }

    @Test
    void aJoinMadeBeforeIsTheSameStringAgain() {
        String joined = null;
        for (int page = 0; page < 3; page++) {
            vary.clear();
            EnforcingResponse r = new EnforcingResponse(real,
                    new RequestEnforcement(PolicyFixtures.policy(), Set.of(), new CookieObservations(), false, NOW));
            r.markConsentDependent();
            r.sweepIfDirty();
            r.markConsentDependent(List.of("Accept-Language", "Sec-Fetch-Dest"));
            r.sweepIfDirty();
            assertEquals(List.of("Cookie, Accept-Language, Sec-Fetch-Dest"), vary);
            if (joined != null) {
                assertSame(joined, vary.get(0), "kept, not joined again");
            }
            joined = vary.get(0);
        }
    }

    @Test
    void aVaryOfEverythingNeedsNoName() {
        response.setHeader("Vary", " * ");
        response.markConsentDependent(List.of("Accept-Language", "Sec-Fetch-Dest"));
        response.sweepIfDirty();
        assertEquals(List.of(" * "), vary);
    }

    @Test
    void whenTheApplicationReplacesEveryVaryTheNextSweepListsTheNamesAgain() {
        response.markConsentDependent(List.of("Accept-Language", "Sec-Fetch-Dest"));
        response.sweepIfDirty();
        response.setHeader("Vary", "Origin");
        response.sweepIfDirty();
        assertEquals(List.of("Origin, Accept-Language, Sec-Fetch-Dest, Cookie"), vary);
    }
}
