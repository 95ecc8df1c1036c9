package dev.cookiewarden.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code banner.*}, {@code text.*} and {@code consent-mode.*} keys. */
class BannerKeysParserTest {

    /** Two categories (necessary, analytics), one cookie, every default. */
    private static Properties minimal() {
        Properties p = new Properties();
        p.setProperty("categories", "necessary,analytics");
        p.setProperty("category.necessary.required", "true");
        for (String id : List.of("necessary", "analytics")) {
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
        return p;
    }

    private static Properties with(String... keyValues) {
        Properties p = minimal();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static WardenConfig parse(String... keyValues) {
        return WardenConfigParser.parse(with(keyValues));
    }

    private static ConfigException fails(Properties p, String key, String value, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> WardenConfigParser.parse(p));
        assertEquals(key, e.key(), e.getMessage());
        assertEquals(value, e.value(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> e.getMessage() + " lacks " + expected);
        return e;
    }

    // ---------------------------------------------------------------- banner.*

    @Test
    void bannerBooleansCanBeSet() {
        WardenConfig c = parse("banner.enabled", "false", "banner.error-pages", "true",
                "banner.settings-link", "false");
        assertFalse(c.bannerEnabled());
        assertTrue(c.bannerErrorPages());
        assertFalse(c.bannerSettingsLink());
    }

    @ParameterizedTest
    @ValueSource(strings = {"banner.enabled", "banner.error-pages", "banner.settings-link", "consent-mode.enabled"})
    void bannerBooleansAreExactlyTrueOrFalse(String key) {
        fails(with(key, "yes"), key, "yes", "expected true or false");
        fails(with(key, "TRUE"), key, "TRUE", "expected true or false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/cookies", "/", "/shop/politique-cookies?x=1#a", "/ctx/privacy.html",
            "https://example.fr/cookies", "https://example.fr", "HTTPS://Example.fr/a?b=c#d",
            "https://example.fr:8443/p"})
    void policyUrlIsASameSitePathOrAnHttpsUrl(String url) {
        assertEquals(Optional.of(url), parse("banner.policy-url", url).bannerPolicyUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example", "/\\evil.example", "\\\\evil.example", "http://example.fr/cookies",
            "javascript:alert(1)", "data:text/html,x", "cookies", "./cookies", "https://", "https:///path",
            "https://user@evil.example/", "https://example.fr/a b", "/a\tb", "/caf\u00e9", "https://ex\u00e4mple.fr",
            "ftp://example.fr", "https:example.fr"})
    void policyUrlThatCouldLeaveTheSiteOrIsNotHttpsFails(String url) {
        fails(with("banner.policy-url", url), "banner.policy-url", url.strip(),
                "expected a path on this site starting with a single '/', or an absolute https:// URL");
    }

    @Test
    void policyUrlIsLimitedTo2048Characters() {
        String ok = "/" + "a".repeat(2047);
        assertEquals(Optional.of(ok), parse("banner.policy-url", ok).bannerPolicyUrl());
        fails(with("banner.policy-url", ok + "a"), "banner.policy-url", ok + "a", "at most 2048 characters");
        String https = "https://example.fr/" + "a".repeat(2048 - 19);
        assertEquals(2048, https.length());
        assertEquals(Optional.of(https), parse("banner.policy-url", https).bannerPolicyUrl());
    }

    @Test
    void sameSitePathRuleMatchesTheConsentEndpoints() {
        // SafeUrls repeats SameOrigin.isSafeReturn: the cases of SameOriginTest.
        for (String ok : List.of("/", "/shop?x=1#f", "/a%2Fb", "/?next=//evil.example", "/a:b", "/..//x")) {
            assertTrue(SafeUrls.isSameSitePath(ok), ok);
        }
        for (String bad : List.of("//", "///evil.example", "/\\evil.example", "/a\\b", "https://evil.example",
                "http:/evil.example", "JavaScript:alert(1)", "?x=1", "#f", "../shop", "/a b", "/a\nb", "")) {
            assertFalse(SafeUrls.isSameSitePath(bad), bad);
        }
        assertFalse(SafeUrls.isSameSitePath(null));
    }

    // ---------------------------------------------------------------- text.<name>.<lang>

    @Test
    void textOverridesAreReadByNameThenLanguage() {
        WardenConfig c = parse("text.reject-all.fr", "Continuer sans accepter", "text.reject-all.en",
                "Continue without accepting", "text.banner-title.fr", "Cookies & vie priv\u00e9e <3");
        assertEquals(List.of("banner-title", "reject-all"), List.copyOf(c.textOverrides().keySet()));
        assertEquals(Map.of("fr", "Cookies & vie priv\u00e9e <3"), c.textOverrides().get("banner-title"));
        // In the order of languages (en, fr), whatever the order of the keys.
        assertEquals(List.of("en", "fr"), List.copyOf(c.textOverrides().get("reject-all").keySet()));
        assertEquals("Continuer sans accepter", c.textOverrides().get("reject-all").get("fr"));
    }

    @Test
    void everyMessageNameCanBeOverridden() {
        Properties p = minimal();
        for (MessageKey k : MessageKey.values()) {
            p.setProperty("text." + k.key() + ".en", "x " + k.key());
        }
        WardenConfig c = WardenConfigParser.parse(p);
        assertEquals(MessageKey.values().length, c.textOverrides().size());
        assertEquals("x retention-and", c.textOverrides().get("retention-and").get("en"));
    }

    @Test
    void emptyTextOverrideMeansUnset() {
        assertEquals(Map.of(), parse("text.save.fr", "  ").textOverrides());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text.nonsense.fr", "text.Save.fr", "text.save", "text.save.fr.x", "text..fr",
            "text.accept_all.en", "text.fr"})
    void unknownTextNameFailsListingTheNames(String key) {
        ConfigException e = fails(with(key, "x"), key, "x", "expected a known key (text.<name>.<lang> where "
                + "<name> is one of banner-title, banner-text, ");
        assertTrue(e.getMessage().endsWith("retention-and; see docs/CONFIGURATION.md)"), e.getMessage());
    }

    @Test
    void textInALanguageNotConfiguredFails() {
        fails(with("text.save.de", "Speichern"), "text.save.de", "Speichern",
                "a key whose language is one of the languages [en, fr]");
        fails(with("text.save.FR", "x"), "text.save.FR", "x", "one of the languages [en, fr]");
    }

    @Test
    void textOfAnyConfiguredLanguageIsAccepted() {
        Properties p = minimal();
        p.setProperty("languages", "en,fr,de");
        for (String id : List.of("necessary", "analytics")) {
            p.setProperty("category." + id + ".label.de", id);
            p.setProperty("category." + id + ".description.de", id);
        }
        p.setProperty("cookie.ga.purpose.de", "Z\u00e4hlt Besuche");
        p.setProperty("text.accept-all.de", "Alle akzeptieren");
        assertEquals(Map.of("de", "Alle akzeptieren"),
                WardenConfigParser.parse(p).textOverrides().get("accept-all"));
    }

    @Test
    void textsAreLimitedTo2000CharactersAndQuotedShort() {
        String max = "\u00e9".repeat(1999) + "\uD83C\uDF6A";
        assertEquals(max, parse("text.banner-text.fr", max).textOverrides().get("banner-text").get("fr"));
        String tooLong = "a".repeat(2001);
        fails(with("text.banner-text.fr", tooLong), "text.banner-text.fr", "a".repeat(40) + "...",
                "a text of at most 2000 characters");
    }

    // ---------------------------------------------------------------- consent-mode.*

    private static Properties withMarketingAndPreferences(String... keyValues) {
        Properties p = with(keyValues);
        p.setProperty("categories", "necessary,preferences,analytics,marketing");
        for (String id : List.of("preferences", "marketing")) {
            for (String lang : List.of("en", "fr")) {
                p.setProperty("category." + id + ".label." + lang, id);
                p.setProperty("category." + id + ".description." + lang, id);
            }
        }
        return p;
    }

    @Test
    void consentModeWithTheDocumentedCategoriesUsesTheDefaultMapping() {
        WardenConfig c = WardenConfigParser.parse(withMarketingAndPreferences("consent-mode.enabled", "true"));
        assertTrue(c.consentMode());
        assertEquals(500, c.consentModeWaitMillis());
        assertEquals("marketing", c.consentModeMapping().get("ad_user_data"));
        assertEquals("granted", c.consentModeMapping().get("security_storage"));
    }

    @Test
    void consentModeEnabledFailsWhenADefaultNamesAMissingCategory() {
        fails(with("consent-mode.enabled", "true"), "consent-mode.ad_storage", "marketing",
                "expected granted, denied or one of the categories [necessary, analytics] (consent-mode.enabled is true)");
    }

    @Test
    void consentModeEnabledAcceptsAMappingOntoTheSitesCategories() {
        WardenConfig c = parse("consent-mode.enabled", "true", "consent-mode.wait-for-update", "0",
                "consent-mode.ad_storage", "denied", "consent-mode.ad_user_data", "denied",
                "consent-mode.ad_personalization", "denied", "consent-mode.functionality_storage", "necessary",
                "consent-mode.personalization_storage", "analytics", "consent-mode.security_storage", "denied");
        assertEquals(0, c.consentModeWaitMillis());
        assertEquals(List.of("denied", "denied", "denied", "analytics", "necessary", "analytics", "denied"),
                new ArrayList<>(c.consentModeMapping().values()));
    }

    @Test
    void consentModeEnabledFailsNamingTheKeyAndValueOfAnUnknownCategory() {
        fails(withMarketingAndPreferences("consent-mode.enabled", "true", "consent-mode.analytics_storage", "stats"),
                "consent-mode.analytics_storage", "stats", "one of the categories [necessary, preferences, analytics, marketing]");
    }

    @Test
    void consentModeDisabledAcceptsDefaultsNamingMissingCategories() {
        WardenConfig c = parse("consent-mode.analytics_storage", "stats");
        assertFalse(c.consentMode());
        assertEquals("stats", c.consentModeMapping().get("analytics_storage"));
        assertEquals("marketing", c.consentModeMapping().get("ad_storage"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Granted", "GRANTED", "ad storage", "Marketing", "1", "-x", "a_b"})
    void consentModeValueThatCanNeverBeRightFailsEvenWhenDisabled(String value) {
        fails(with("consent-mode.ad_storage", value), "consent-mode.ad_storage", value,
                "expected granted, denied or a category id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "10001", "1.5", "abc", "500ms"})
    void waitForUpdateIsZeroToTenThousandMilliseconds(String value) {
        fails(with("consent-mode.wait-for-update", value), "consent-mode.wait-for-update", value,
                "a whole number of milliseconds from 0 to 10000");
        assertEquals(10_000, parse("consent-mode.wait-for-update", "10000").consentModeWaitMillis());
    }

    @ParameterizedTest
    @ValueSource(strings = {"consent-mode.ads_storage", "consent-mode", "consent-mode.wait_for_update",
            "banner.policy", "banner.enabled.fr"})
    void unknownBannerOrConsentModeKeyFails(String key) {
        fails(with(key, "x"), key, "x", "expected a known key (");
    }

    @Test
    void consentModeTypesAreExactlyGooglesSeven() {
        assertEquals(List.of("ad_storage", "ad_user_data", "ad_personalization", "analytics_storage",
                "functionality_storage", "personalization_storage", "security_storage"),
                ConfigKey.consentModeTypes().stream().map(ConfigKey::consentModeType).toList());
    }

    // ---------------------------------------------------------------- reporting

    @Test
    void toStringShowsBannerAndConsentModeSettings() {
        String s = WardenConfigParser.parse(withMarketingAndPreferences("consent-mode.enabled", "true",
                "banner.policy-url", "/cookies", "text.save.fr", "Valider")).toString();
        assertTrue(s.contains("banner=on"), s);
        assertTrue(s.contains("policyUrl=/cookies"), s);
        assertTrue(s.contains("texts=[save]"), s);
        assertTrue(s.contains("consentMode={ad_storage=marketing"), s);
        assertTrue(WardenConfigParser.parse(minimal()).toString().contains("consentMode=off"));
    }

    @Test
    void bannerSectionOfTheDocumentationListsEveryTextName() throws IOException {
        String doc = Files.readString(Path.of(WardenConfigParser.DOCUMENTATION), StandardCharsets.UTF_8);
        int start = doc.indexOf("\n## Banner\n");
        assertTrue(start >= 0, "no Banner section");
        String section = doc.substring(start, doc.indexOf("\n## ", start + 1));
        for (MessageKey k : MessageKey.values()) {
            assertTrue(section.contains("`" + k.key() + "`"), "the Banner section does not list " + k.key());
        }
    }
}
