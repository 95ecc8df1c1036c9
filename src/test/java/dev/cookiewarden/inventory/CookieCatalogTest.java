package dev.cookiewarden.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.config.CookieNames;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Period;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CookieCatalogTest {
    private static final CookieCatalog CATALOG = CookieCatalog.builtIn();

    private static String match(String cookieName) {
        return CATALOG.suggest(cookieName).map(CatalogEntry::name).orElse("(none)");
    }

    @Test
    void builtInWhenLoadedThenHasOverAHundredValidEntries() {
        assertTrue(CATALOG.size() >= 110, "entries: " + CATALOG.size());
        assertEquals(CATALOG.size(), CATALOG.entries().size());
        assertTrue(CATALOG.toString().contains(CATALOG.size() + " entries"), CATALOG.toString());
    }

    @Test
    void builtInIsLoadedOnce() {
        assertTrue(CookieCatalog.builtIn() == CookieCatalog.builtIn());
    }

    @Test
    void builtInEntriesHaveDistinctNames() {
        Set<String> names = new HashSet<>();
        for (CatalogEntry e : CATALOG.entries()) {
            assertTrue(names.add(e.name()), "listed twice: " + e.name());
        }
    }

    @Test
    void builtInEntriesAreCompleteAndTranslated() {
        for (CatalogEntry e : CATALOG.entries()) {
            assertTrue(CatalogEntry.CATEGORIES.contains(e.category()), e.name());
            assertTrue(CookieNames.isNamePattern(e.name()), e.name());
            assertFalse(e.provider().isBlank(), e.name());
            assertFalse(e.source().isBlank(), e.name());
            assertFalse(e.purpose("en").isBlank(), e.name());
            assertFalse(e.purpose("fr").isBlank(), e.name());
            // A French text identical to the English one is an untranslated copy.
            assertNotEquals(e.purpose("en"), e.purpose("fr"), e.name());
            e.retention().ifPresent(p -> assertTrue(!p.isZero() && !p.isNegative(), e.name()));
            assertEquals(e.retention().isEmpty() ? "session" : e.retention().get().toString(), e.retentionText());
        }
    }

    @Test
    void builtInEveryEntryIsReachableByLookup() {
        // No glob is shadowed by a more specific one for every name it covers: a sample name that
        // only it should match finds it.
        for (CatalogEntry e : CATALOG.entries()) {
            String sample = e.name().replace("*", "x9");
            assertEquals(e.name(), match(sample), "sample " + sample);
        }
    }

    @Test
    void builtInCoversNoConsentCookieName() {
        for (String name : List.of("cookie_warden", "__Host-cookie_warden", "__Secure-cookie_warden")) {
            assertEquals("(none)", match(name));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "_ga, _ga",
        "_ga_ABC123, _ga_*",
        "_gat, _gat",
        "_gat_UA-12345-1, _gat_*",
        "_gat_gtag_UA_123, _gat_*",
        "_pk_id.1.abcd, _pk_id.*",
        "_pk_ses.3.f00d, _pk_ses.*",
        "wordpress_logged_in_123, wordpress_logged_in_*",
        "wordpress_sec_9f, wordpress_sec_*",
        "wordpress_0a1b2c, wordpress_*",
        "wordpress_test_cookie, wordpress_test_cookie",
        "wp-settings-1, wp-settings-*",
        "wp-settings-time-1, wp-settings-time-*",
        "SESSION, SESSION",
        "SESS3a9c0d, SESS*",
        "SSESS3a9c0d, SSESS*",
        "_hjSessionUser_123456, _hjSessionUser_*",
        "_hjSession_123456, _hjSession_*",
        "intercom-id-abc, intercom-id-*",
        "intercom-device-id-abc, intercom-device-id-*",
        "AMCV_0123ABC%40AdobeOrg, AMCV_*",
        "AMCVS_0123ABC%40AdobeOrg, AMCVS_*",
        ".AspNetCore.Antiforgery.Xyz12, .AspNetCore.Antiforgery.*",
        "BIGipServer~pool_web, BIGipServer*",
        "mp_0123abcd_mixpanel, mp_*_mixpanel",
        "euconsent-v2, euconsent-v2",
    })
    void suggestWhenExactOrGlobThenMostSpecificEntry(String cookieName, String expected) {
        assertEquals(expected, match(cookieName));
    }

    @Test
    void suggestGa4GlobDescribesGoogleAnalytics() {
        CatalogEntry e = CATALOG.suggest("_ga_ABC123").orElseThrow();
        assertEquals("analytics", e.category());
        assertTrue(e.provider().startsWith("Google"), e.provider());
        assertTrue(e.purpose("fr").contains("Google Analytics 4"), e.purpose("fr"));
        assertTrue(e.thirdParty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"my_app_pref", "", "_GA", "ga", "jsessionid", "Cart", "x_ga_ABC"})
    void suggestWhenUnknownOrOtherCaseThenEmpty(String cookieName) {
        assertEquals(Optional.empty(), CATALOG.suggest(cookieName));
    }

    @Test
    void suggestWhenNullThenEmpty() {
        assertEquals(Optional.empty(), CATALOG.suggest(null));
    }

    @Test
    void builtInCoversTheCookiesOperatorsMeetMost() {
        List<String> expected = List.of("_ga", "_ga_*", "_gid", "_gat", "_gat_*", "__utma", "__utmb", "__utmc",
                "__utmz", "__utmt", "__utmv", "_gcl_au", "_gcl_aw", "_gcl_dc", "IDE", "test_cookie", "NID", "DSID",
                "__Secure-3PSID", "_fbp", "_fbc", "fr", "_hjSessionUser_*", "_hjSession_*", "_hjid",
                "_hjIncludedInSessionSample_*", "_hjAbsoluteSessionInProgress", "_hjFirstSeen", "_pk_id.*",
                "_pk_ses.*", "_pk_ref.*", "MATOMO_SESSID", "hubspotutk", "__hstc", "__hssc", "__hssrc", "li_sugr",
                "bcookie", "lidc", "UserMatchHistory", "AnalyticsSyncHistory", "li_gc", "bscookie", "_clck", "_clsk",
                "CLID", "MUID", "_uetsid", "_uetvid", "ANONCHK", "SM", "YSC", "VISITOR_INFO1_LIVE",
                "VISITOR_PRIVACY_METADATA", "PREF", "__stripe_mid", "__stripe_sid", "m", "__cf_bm", "cf_clearance",
                "__cflb", "_cfuvid", "_ttp", "tt_webid", "personalization_id", "guest_id", "muc_ads",
                "_pinterest_sess", "_pin_unauth", "cto_bundle", "AMCV_*", "s_cc", "s_sq", "ajs_anonymous_id",
                "ajs_user_id", "intercom-id-*", "intercom-session-*", "__zlcmid", "_shopify_y", "_shopify_s", "cart",
                "_secure_session_id", "wordpress_logged_in_*", "wp-settings-*", "wordpress_test_cookie",
                "woocommerce_cart_hash", "woocommerce_items_in_cart", "wp_woocommerce_session_*", "JSESSIONID",
                "PHPSESSID", "ASP.NET_SessionId", ".AspNetCore.Session", ".AspNetCore.Antiforgery.*",
                "__RequestVerificationToken", "XSRF-TOKEN", "csrftoken", "sessionid", "laravel_session",
                "connect.sid", "rack.session", "_session_id", "SESS*", "AWSALB", "AWSALBCORS", "AWSELB",
                "BIGipServer*", "SERVERID", "ARRAffinity", "ARRAffinitySameSite", "CookieConsent", "OptanonConsent",
                "OptanonAlertBoxClosed", "cookieyes-consent", "euconsent-v2", "didomi_token", "axeptio_cookies",
                "tarteaucitron", "cc_cookie", "klaro");
        Set<String> names = new HashSet<>();
        CATALOG.entries().forEach(e -> names.add(e.name()));
        for (String name : expected) {
            assertTrue(names.contains(name), "missing: " + name);
        }
    }

    @Test
    void consentManagersAndFrameworkCookiesAreNecessary() {
        for (String name : List.of("CookieConsent", "OptanonConsent", "didomi_token", "axeptio_cookies", "tarteaucitron",
                "cc_cookie", "klaro", "JSESSIONID", "PHPSESSID", "AWSALB", "ARRAffinity", "__cf_bm", "cart")) {
            assertEquals("necessary", CATALOG.suggest(name).orElseThrow().category(), name);
        }
        for (String name : List.of("_fbp", "IDE", "_gcl_au", "cto_bundle", "_ttp", "muc_ads")) {
            assertEquals("marketing", CATALOG.suggest(name).orElseThrow().category(), name);
        }
    }

    @Test
    void tcfConsentStringCarriesItsCaveat() {
        CatalogEntry e = CATALOG.suggest("euconsent-v2").orElseThrow();
        String note = e.note().orElseThrow();
        assertTrue(note.contains("TCF") && note.contains("IAB Europe") && note.contains("creates none"), note);
    }

    @Test
    void shortLivedCookiesExplainTheirOneDayRetention() {
        for (String name : List.of("_gat", "__utmb", "__cf_bm", "_hjSession_1")) {
            CatalogEntry e = CATALOG.suggest(name).orElseThrow();
            assertEquals(Optional.of(Period.ofDays(1)), e.retention(), name);
            assertTrue(e.note().orElseThrow().contains("P1D is the shortest period"), name);
        }
    }

    // --- validation of a catalog file ---------------------------------------------------------------

    private static final String GOOD = """
            {"name": "NAME", "provider": "Example Ltd", "category": "analytics",
             "purpose": {"en": "Counts visits.", "fr": "Compte les visites."},
             "retention": "P13M", "thirdParty": false, "source": "Example documentation"}""";

    private static CookieCatalog read(String... entries) throws IOException {
        String json = "{\"format\": 1, \"about\": \"test\", \"entries\": [" + String.join(",", entries) + "]}";
        try (InputStream in = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))) {
            return CookieCatalog.read(in, "test.json");
        }
    }

    private static String entry(String name) {
        return GOOD.replace("NAME", name);
    }

    private static void failsNaming(String expectedFragment, String... entries) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> read(entries));
        assertTrue(e.getMessage().contains("[test.json]"), e.getMessage());
        assertTrue(e.getMessage().contains(expectedFragment), e.getMessage());
    }

    @Test
    void readWhenValidThenEntriesKeptInOrder() throws IOException {
        CookieCatalog c = read(entry("b"), entry("a*"), entry("a"));
        assertEquals(List.of("b", "a*", "a"), c.entries().stream().map(CatalogEntry::name).toList());
        assertEquals("a", c.suggest("a").orElseThrow().name());
        assertEquals("a*", c.suggest("ab").orElseThrow().name());
    }

    @Test
    void readWhenUnknownCategoryThenFailsNamingEntry() {
        failsNaming("[tracker]: unknown category [ads]", entry("ok"), entry("tracker").replace("\"analytics\"", "\"ads\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"13 months", "P0D", "P-1M", "PT30M", "", "forever"})
    void readWhenBadRetentionThenFailsNamingEntry(String retention) {
        failsNaming("[_x]: \"retention\" must be session or a positive ISO-8601 period",
                entry("_x").replace("\"P13M\"", "\"" + retention + "\""));
    }

    @Test
    void readWhenFrenchMissingThenFailsNamingEntry() {
        failsNaming("[_x]: \"purpose\" has no [fr] text", entry("_x").replace(", \"fr\": \"Compte les visites.\"", ""));
    }

    @Test
    void readWhenFrenchBlankThenFailsNamingEntry() {
        failsNaming("[_x]: \"purpose.fr\" must be a non-blank text", entry("_x").replace("Compte les visites.", " "));
    }

    @Test
    void readWhenNameListedTwiceThenFails() {
        failsNaming("[_x]: the name is listed twice", entry("_x"), entry("_y"), entry("_x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"***", "has space", "semi;colon", "caf\\u00e9", ""})
    void readWhenNameNotACookieNameThenFails(String name) {
        failsNaming("\"name\" must be a cookie name", entry(name));
    }

    @Test
    void readWhenThirdPartyMissingThenFails() {
        failsNaming("[_x]: \"thirdParty\" must be true or false", entry("_x").replace(", \"thirdParty\": false", ""));
    }

    @Test
    void readWhenTextHasLineBreakThenFails() {
        failsNaming("[_x]: \"provider\" must be a non-blank text", entry("_x").replace("Example Ltd", "Example\\nLtd"));
    }

    @Test
    void readWhenUnknownFieldThenFails() {
        IOException e = assertThrows(IOException.class, () -> read(entry("_x").replace("\"source\"", "\"sauce\"")));
        assertTrue(e.getMessage().contains("sauce"), e.getMessage());
    }

    @Test
    void readWhenFieldRepeatedThenFails() {
        assertThrows(IOException.class, () -> read(entry("_x").replace("\"thirdParty\": false", "\"thirdParty\": false, \"thirdParty\": true")));
    }

    @Test
    void readWhenWrongFormatThenFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CookieCatalog.read(
                new ByteArrayInputStream("{\"format\": 2, \"entries\": []}".getBytes(StandardCharsets.UTF_8)), "v2.json"));
        assertTrue(e.getMessage().contains("\"format\": 1"), e.getMessage());
    }
}
