package dev.cookiewarden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.config.SigningKey;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.config.WardenConfigParser;
import dev.cookiewarden.consent.ConsentState;
import dev.cookiewarden.consent.KeyRing;
import dev.cookiewarden.consent.VisitorConsent;
import dev.cookiewarden.enforce.CookieSightings;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one startup line: what is active, and nothing secret. */
class WardenTest {
    private static final byte[] MATERIAL = new byte[SigningKey.MIN_BYTES];

    static {
        for (int i = 0; i < MATERIAL.length; i++) {
            MATERIAL[i] = (byte) (31 * i + 7);
        }
    }

    private static Warden warden(String... overrides) {
        Properties p = new Properties();
        p.setProperty("categories", "necessary,preferences,analytics");
        p.setProperty("category.necessary.required", "true");
        for (String id : List.of("necessary", "preferences", "analytics")) {
            for (String lang : List.of("en", "fr")) {
                p.setProperty("category." + id + ".label." + lang, id + " " + lang);
                p.setProperty("category." + id + ".description." + lang, id + " description " + lang);
            }
        }
        p.setProperty("cookie.ga.name", "_ga");
        p.setProperty("cookie.ga.category", "analytics");
        p.setProperty("cookie.ga.provider", "Google");
        p.setProperty("cookie.ga.purpose.en", "Counts visits");
        p.setProperty("cookie.ga.purpose.fr", "Compte les visites");
        p.setProperty("cookie.ga.retention", "P13M");
        for (int i = 0; i < overrides.length; i += 2) {
            p.setProperty(overrides[i], overrides[i + 1]);
        }
        p.setProperty("consent-log.store", "none");
        WardenConfig config = WardenConfigParser.parse(p);
        try {
            return new Warden(config, new KeyRing(List.of(new SigningKey("prod-2025", MATERIAL))),
                    java.nio.file.Path.of("target"), java.time.Clock.systemUTC());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void sightingsWhenNoAdminTokenThenNothingCountsForAnInventoryNobodyCanRead() {
        assertSame(CookieSightings.NONE, warden().sightings);
    }

    @Test
    void sightingsWhenAdminTokenThenTheInventoryTheAdminEndpointReads() {
        Warden w = warden("admin.token", "warden-test-token-0123456789abcdefghij");
        assertSame(w.inventory, w.sightings);
    }

    @Test
    void stateTagWhenUndecidedThenTheLanguagesAndTheSignalsAloneWhateverTheInstance() {
        Warden w = warden();
        int revision = w.config.policyRevision();
        for (String language : List.of("en", "fr")) {
            // Not the shared constants: a visitor whose old choice lapsed is undecided too.
            VisitorConsent lapsed = new VisitorConsent(Optional.empty(), false, Optional.of("prior"));
            VisitorConsent lapsedGpc = new VisitorConsent(Optional.empty(), true, Optional.of("prior"));
            assertEquals("cwu" + revision + language, w.stateTag(lapsed, language));
            assertEquals("cwu" + revision + "g" + language, w.stateTag(lapsedGpc, language));
            assertEquals(w.stateTag(lapsed, language), w.stateTag(VisitorConsent.UNDECIDED, language));
        }
        // A language no page is negotiated into still gets its own tag, never another's.
        assertEquals("cwu" + revision + "de", w.stateTag(VisitorConsent.UNDECIDED, "de"));
    }

    @Test
    void stateTagWhenDecidedThenTheGrantsByTheirPlaceInTheConfiguration() {
        Warden w = warden();
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        ConsentState choice = ConsentState.of(ConsentState.newConsentId(), Set.of("analytics", "necessary"),
                w.config.policyRevision(), now, now.plus(Duration.ofDays(30)));
        VisitorConsent decided = new VisitorConsent(Optional.of(choice), false, Optional.empty());
        assertEquals("cwd" + w.config.policyRevision() + "fr.0.2", w.stateTag(decided, "fr"));
    }

    @Test
    void versionIsTheBuiltProjectVersion() {
        // version.properties is filtered by Maven; an unfiltered "${project.version}" or a missing
        // file would make every startup line useless for support.
        String version = Warden.version();
        assertNotEquals("(unknown version)", version);
        assertFalse(version.contains("${"), version);
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), version);
    }

    @Test
    void startupLineNamesVersionCategoriesWithRequiredMarkerModeAndRevision() {
        String line = warden("policy.revision", "7", "cookies.undeclared", "report-only").startupLine();
        assertTrue(line.startsWith("Cookie Warden " + Warden.version() + " active"), line);
        assertTrue(line.contains("categories [necessary (required), preferences, analytics]"), line);
        assertTrue(line.contains("undeclared cookies: report-only"), line);
        assertTrue(line.contains("policy revision 7"), line);
    }

    @Test
    void startupLineWhenDefaultsThenBlockModeRevisionOneAndDefaultEndpoint() {
        String line = warden().startupLine();
        assertTrue(line.contains("undeclared cookies: block"), line);
        assertTrue(line.contains("policy revision 1,"), line);
        assertTrue(line.contains("1 declared cookies"), line);
        assertTrue(line.contains("choices valid 182 days"), line);
        assertTrue(line.contains("endpoint /cookie-consent"), line);
    }

    @Test
    void startupLineIsOneLineNamingTheKeyIdButNeverTheKey() {
        String line = warden().startupLine();
        assertFalse(line.contains("\n") || line.contains("\r"), line);
        assertTrue(line.contains("signing key [prod-2025]"), line);
        assertFalse(line.contains(Base64.getEncoder().withoutPadding().encodeToString(MATERIAL)), line);
        assertFalse(line.contains(Base64.getUrlEncoder().withoutPadding().encodeToString(MATERIAL)), line);
    }

    @Test
    void startupLineWhenSeveralRequiredCategoriesThenEachMarked() {
        String line = warden("category.preferences.required", "true").startupLine();
        assertTrue(line.contains("[necessary (required), preferences (required), analytics]"), line);
        assertEquals(2, line.split("\\(required\\)", -1).length - 1, line);
    }

    @Test
    void endpointHandlesItsPrefixAndWhatIsBelowItOnly() {
        Warden w = warden("endpoint.prefix", "/cookie-consent");
        try {
            assertTrue(w.endpoint.handles("/cookie-consent", 0));
            assertTrue(w.endpoint.handles("/cookie-consent/", 0));
            assertTrue(w.endpoint.handles("/cookie-consent/preferences", 0));
            assertFalse(w.endpoint.handles("/cookie-consentx", 0));
            assertFalse(w.endpoint.handles("/cookie-consen", 0));
            assertFalse(w.endpoint.handles("/other/cookie-consent", 0));
            assertFalse(w.endpoint.handles("", 0));
            assertFalse(w.endpoint.handles("/", 0));
            // The same read from a request URI after its context path, without cutting it.
            assertTrue(w.endpoint.handles("/shop/cookie-consent", 5));
            assertTrue(w.endpoint.handles("/shop/cookie-consent/preferences", 5));
            assertFalse(w.endpoint.handles("/shop/cookie-consentx", 5));
            assertFalse(w.endpoint.handles("/shop/cookie-consen", 5));
            assertFalse(w.endpoint.handles("/shop/other/cookie-consent", 5));
            assertFalse(w.endpoint.handles("/shop", 5));
            assertFalse(w.endpoint.handles("/cookie-consent", 5), "past the end of the URI");
        } finally {
            w.close();
        }
    }
}
