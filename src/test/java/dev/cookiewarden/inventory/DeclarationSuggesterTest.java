package dev.cookiewarden.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.config.CookieDeclaration;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.config.WardenConfigParser;
import dev.cookiewarden.enforce.CookieClassifier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeclarationSuggesterTest {
    private static final CookieCatalog CATALOG = CookieCatalog.builtIn();
    private static final Pattern COOKIE_KEY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /** A small valid configuration with the four categories the catalog uses; it declares _ga under key "ga". */
    private static final String BASE = """
            languages=fr,en
            categories=necessary,preferences,analytics,marketing
            category.necessary.required=true
            category.necessary.label.fr=Nécessaires
            category.necessary.label.en=Necessary
            category.necessary.description.fr=Indispensables au site.
            category.necessary.description.en=Needed by the site.
            category.preferences.label.fr=Préférences
            category.preferences.label.en=Preferences
            category.preferences.description.fr=Retiennent vos choix.
            category.preferences.description.en=Remember your choices.
            category.analytics.label.fr=Mesure d'audience
            category.analytics.label.en=Audience measurement
            category.analytics.description.fr=Mesurent la fréquentation.
            category.analytics.description.en=Measure visits.
            category.marketing.label.fr=Publicité
            category.marketing.label.en=Advertising
            category.marketing.description.fr=Publicité ciblée.
            category.marketing.description.en=Targeted ads.
            cookie.ga.name=_ga
            cookie.ga.category=analytics
            cookie.ga.provider=Google Ireland Limited
            cookie.ga.purpose.fr=Mesure d'audience.
            cookie.ga.purpose.en=Audience measurement.
            cookie.ga.retention=P13M
            """;

    /** Twenty names seen in traffic, exact and glob matches, every category, odd characters. */
    private static final List<String> TWENTY = List.of("_ga_ABC123", "_gid", "_fbp", "IDE", "_pk_id.1.abcd",
            "wordpress_logged_in_123", "wp-settings-time-1", ".AspNetCore.Antiforgery.Xyz", "__Secure-3PSID",
            "ASP.NET_SessionId", "AMCV_0123%40AdobeOrg", "euconsent-v2", "mtm_consent", "intercom-id-abc", "PREF",
            "__cf_bm", "BIGipServer~pool", "mp_abc_mixpanel", "SESSdeadbeef", "_hjSessionUser_42");

    private static WardenConfig parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return WardenConfigParser.parse(p);
    }

    /** Parses as the filter reads the file: UTF-8, a key written twice is an error. */
    private static WardenConfig parseAsFile(String text) throws IOException {
        return WardenConfigParser.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.properties");
    }

    private static DeclarationSuggester suggester(String config) {
        return new DeclarationSuggester(CATALOG, parse(config));
    }

    private static final DeclarationSuggester SUGGESTER = suggester(BASE);

    private static String join(List<DeclarationSuggester.Suggestion> suggestions) {
        StringBuilder out = new StringBuilder();
        suggestions.forEach(s -> out.append(s.text()));
        return out.toString();
    }

    private static CookieDeclaration declarationOf(WardenConfig config, String cookieName) {
        return new CookieClassifier(config.cookies()).classify(cookieName)
                .orElseThrow(() -> new AssertionError("not declared: " + cookieName));
    }

    @Test
    void suggestWhenCatalogKnowsNameThenEachOfTwentyParsesAndDeclaresTheCatalogEntry() {
        for (String name : TWENTY) {
            DeclarationSuggester.Suggestion s = SUGGESTER.suggest(name);
            assertTrue(s.ready(), name + "\n" + s.text());
            WardenConfig config = parse(BASE + s.text());
            assertEquals(2, config.cookies().size(), name);
            CookieDeclaration d = declarationOf(config, name);
            CatalogEntry entry = CATALOG.suggest(name).orElseThrow();
            assertEquals(entry, s.entry().orElseThrow());
            assertEquals(s.key(), d.key());
            assertEquals(entry.name(), d.namePattern(), name);
            assertEquals(entry.category(), d.categoryId(), name);
            assertEquals(entry.provider(), d.provider(), name);
            assertEquals(entry.purpose("fr"), d.purposes().get("fr"), name);
            assertEquals(entry.purpose("en"), d.purposes().get("en"), name);
            assertEquals(entry.thirdParty(), d.thirdParty(), name);
            assertEquals("/", d.path());
            assertNull(d.domain());
        }
    }

    @Test
    void suggestAllWhenTwentyNamesThenLinesPasteTogetherIntoTheFile() throws IOException {
        List<DeclarationSuggester.Suggestion> all = SUGGESTER.suggestAll(TWENTY);
        assertEquals(20, all.size());
        // As the filter reads the file: UTF-8 accents as they are, and no key written twice.
        WardenConfig config = parseAsFile(BASE + join(all));
        assertEquals(21, config.cookies().size());
        for (String name : TWENTY) {
            assertEquals(CATALOG.suggest(name).orElseThrow().category(), declarationOf(config, name).categoryId(), name);
        }
    }

    @Test
    void suggestAllWhenEveryCatalogEntryThenAllParse() throws IOException {
        List<String> samples = new ArrayList<>();
        for (CatalogEntry e : CATALOG.entries()) {
            samples.add(e.name().replace("*", "Z1"));
        }
        List<DeclarationSuggester.Suggestion> all = SUGGESTER.suggestAll(samples);
        assertEquals(CATALOG.size(), all.size());
        assertEquals(CATALOG.size() - 1, all.stream().filter(DeclarationSuggester.Suggestion::ready).count(),
                "all but _ga, which the base declares");
        WardenConfig config = parseAsFile(BASE + join(all));
        assertEquals(CATALOG.size(), config.cookies().size());
    }

    @Test
    void suggestAllWhenNamesShareACatalogEntryThenOneDeclaration() {
        List<DeclarationSuggester.Suggestion> all = SUGGESTER.suggestAll(List.of("_ga_AAA", "_ga_BBB", "_gid", "_gid"));
        assertEquals(List.of("_ga_AAA", "_gid"), all.stream().map(DeclarationSuggester.Suggestion::cookieName).toList());
        assertEquals(3, parse(BASE + join(all)).cookies().size());
    }

    @Test
    void suggestWhenKeyTakenThenAnotherKey() {
        // _ga_* sanitises to "ga", which the base configuration already uses for _ga.
        DeclarationSuggester.Suggestion s = SUGGESTER.suggest("_ga_ABC123");
        assertEquals("ga-2", s.key());
        assertTrue(s.lines().contains("cookie.ga-2.name=_ga_*"), s.text());
    }

    @Test
    void suggestWhenLongerThanTheCapThenCappedRetentionWithReason() {
        DeclarationSuggester.Suggestion s = SUGGESTER.suggest("_ga_ABC123");
        assertTrue(s.lines().contains("cookie.ga-2.retention=P13M"), s.text());
        assertTrue(s.text().contains("sets it for P2Y"), s.text());
        assertEquals(Optional.of(Period.ofMonths(13)), declarationOf(parse(BASE + s.text()), "_ga_x").retention());
    }

    @Test
    void suggestWhenRequiredCategoryThenCappedAtTheBrowsersFourHundredDays() {
        DeclarationSuggester.Suggestion s = SUGGESTER.suggest("mtm_consent");
        assertTrue(s.lines().contains("cookie.mtm_consent.retention=P400D"), s.text());
    }

    @Test
    void suggestWhenWithinTheCapThenCatalogRetention() {
        assertTrue(SUGGESTER.suggest("_fbp").lines().contains("cookie.fbp.retention=P3M"));
        assertTrue(SUGGESTER.suggest("JSESSIONID").lines().contains("cookie.jsessionid.retention=session"));
    }

    @Test
    void suggestWhenMaxLifetimeShorterThenThatCap() {
        DeclarationSuggester s = suggester(BASE + "cookies.max-lifetime-days=30\n");
        assertTrue(s.suggest("_fbp").lines().contains("cookie.fbp.retention=P30D"), s.suggest("_fbp").text());
        assertTrue(s.suggest("_uetvid").lines().contains("cookie.uetvid.retention=P30D"));
    }

    @Test
    void suggestWhenTcfCookieThenCaveatInComment() {
        DeclarationSuggester.Suggestion s = SUGGESTER.suggest("euconsent-v2");
        assertTrue(s.text().contains("# Note: IAB TCF: only a CMP registered with IAB Europe"), s.text());
    }

    @Test
    void suggestLinesAreCommentsOrEscapedProperties() {
        DeclarationSuggester.Suggestion s = SUGGESTER.suggest("_pk_id.1.abcd");
        for (String line : s.lines()) {
            assertTrue(line.startsWith("# ") || line.startsWith("cookie.pk_id."), line);
        }
        // Properties.store escapes what the file syntax would otherwise read differently.
        assertTrue(s.lines().contains("cookie.pk_id.purpose.fr=Distingue les visiteurs pour les statistiques de "
                + "fréquentation (Matomo)."), s.text());
        assertFalse(s.text().contains("\r"));
        DeclarationSuggester.Suggestion odd = SUGGESTER.suggest("__utmz");
        assertTrue(odd.lines().contains("cookie.utmz.purpose.fr=Enregistre comment le visiteur est arrivé sur le "
                + "site \\: moteur de recherche, lien ou campagne (ancienne version de Google Analytics)."), odd.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"we=ird\nname", "x\r\ncookie.evil.name=_fbp\r\ncookie.evil.category=necessary",
            "\\u0041#!:= ", "caf\u00e9\u2028line", "\u0000", "a;b,c d", "tracker_Q7", "my-tracker~2!"})
    void suggestWhenUnknownThenOnlyACommentedTemplateThatParsesToNothing(String name) throws IOException {
        DeclarationSuggester.Suggestion s = SUGGESTER.suggest(name);
        assertFalse(s.ready());
        assertTrue(s.entry().isEmpty());
        assertNull(s.key());
        for (String line : s.lines()) {
            assertTrue(line.startsWith("# "), line);
            assertTrue(line.chars().allMatch(c -> c >= 0x20 && c != 0x7f && c != 0x2028 && c != 0x2029), line);
        }
        assertTrue(s.text().contains("Unknown cookie: find who sets it"), s.text());
        WardenConfig config = parseAsFile(BASE + s.text());
        assertEquals(1, config.cookies().size());
        assertEquals(parse(BASE).toString(), config.toString());
    }

    @Test
    void suggestWhenUnknownTokenThenTemplateNamesItAndListsTheCategories() {
        DeclarationSuggester.Suggestion s = SUGGESTER.suggest("tracker_Q7");
        assertTrue(s.lines().contains("# cookie.tracker_q7.name=tracker_Q7"), s.text());
        assertTrue(s.lines().contains("# cookie.tracker_q7.category=necessary | preferences | analytics | marketing"),
                s.text());
        assertTrue(s.lines().contains("# cookie.tracker_q7.purpose.fr="), s.text());
        assertFalse(s.text().contains("not a valid cookie name"));
    }

    @Test
    void suggestWhenUnknownNameNotATokenThenSaysItCannotBeDeclaredAsIs() {
        DeclarationSuggester.Suggestion s = SUGGESTER.suggest("a;b c");
        assertTrue(s.text().contains("not a valid cookie name"), s.text());
        assertTrue(s.lines().contains("# cookie.a-b-c.name="), s.text());
    }

    @Test
    void suggestWhenCatalogCategoryMissingFromConfigThenCommentedOutAndHarmless() {
        String noMarketing = BASE.replace("categories=necessary,preferences,analytics,marketing",
                "categories=necessary,preferences,analytics").lines()
                .filter(l -> !l.startsWith("category.marketing.")).reduce("", (a, b) -> a + b + "\n");
        DeclarationSuggester s = suggester(noMarketing);
        DeclarationSuggester.Suggestion fbp = s.suggest("_fbp");
        assertFalse(fbp.ready());
        assertTrue(fbp.text().contains("under [marketing], which is not one of categories"), fbp.text());
        assertTrue(fbp.lines().contains("# cookie.fbp.category=marketing"), fbp.text());
        fbp.lines().forEach(l -> assertTrue(l.startsWith("# "), l));
        assertEquals(1, parse(noMarketing + fbp.text()).cookies().size());
    }

    @Test
    void suggestWhenNecessaryNamedOtherwiseThenTheOnlyRequiredCategory() {
        String essential = BASE.replace("necessary", "essential");
        DeclarationSuggester.Suggestion s = suggester(essential).suggest("PHPSESSID");
        assertTrue(s.ready(), s.text());
        assertEquals("essential", declarationOf(parse(essential + s.text()), "PHPSESSID").categoryId());
    }

    @Test
    void suggestWhenLanguageMissingFromCatalogThenEnglishWithTranslationNote() {
        String threeLanguages = (BASE + """
                category.necessary.label.de=Notwendig
                category.necessary.description.de=Notwendig.
                category.preferences.label.de=Präferenzen
                category.preferences.description.de=Präferenzen.
                category.analytics.label.de=Statistik
                category.analytics.description.de=Statistik.
                category.marketing.label.de=Werbung
                category.marketing.description.de=Werbung.
                cookie.ga.purpose.de=Statistik.
                """).replace("languages=fr,en", "languages=fr,en,de");
        DeclarationSuggester.Suggestion s = suggester(threeLanguages).suggest("_fbc");
        assertTrue(s.ready());
        assertTrue(s.text().contains("no [de] purpose"), s.text());
        CookieDeclaration d = declarationOf(parse(threeLanguages + s.text()), "_fbc");
        assertEquals(d.purposes().get("en"), d.purposes().get("de"));
    }

    @Test
    void suggestWhenAlreadyDeclaredThenSaysSoAndDeclaresNothing() {
        DeclarationSuggester.Suggestion s = SUGGESTER.suggest("_ga");
        assertFalse(s.ready());
        assertEquals(List.of("# _ga is already declared by cookie.ga.*"), s.lines());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cookie_warden", "__Host-cookie_warden", ""})
    void suggestWhenConsentCookieOrNamelessThenDeclaresNothing(String name) {
        DeclarationSuggester.Suggestion s = SUGGESTER.suggest(name);
        assertFalse(s.ready());
        s.lines().forEach(l -> assertTrue(l.startsWith("# "), l));
        assertEquals(1, parse(BASE + s.text()).cookies().size());
    }

    @Test
    void suggestWhenCatalogGlobWouldCoverTheConsentCookieThenCommentedOut() {
        // A site that named its consent cookie like a Complianz cookie: declaring cmplz_* would claim it.
        String config = BASE + "consent.cookie-name=cmplz_site\n";
        DeclarationSuggester.Suggestion s = suggester(config).suggest("cmplz_marketing");
        assertFalse(s.ready(), s.text());
        assertTrue(s.text().contains("would also cover the consent cookie"), s.text());
        assertEquals(1, parse(config + s.text()).cookies().size());
    }

    @ParameterizedTest
    @CsvSource({
        "_ga_*, ga",
        ".AspNetCore.Antiforgery.*, aspnetcore-antiforgery",
        "__Secure-3PSID, secure-3psid",
        "ASP.NET_SessionId, asp-net_sessionid",
        "_pk_id.*, pk_id",
        "***, cookie",
        "'', cookie",
        "ÉTÉ, t",
    })
    void sanitiseKeyGivesAValidDeclarationKey(String name, String expected) {
        assertEquals(expected, DeclarationSuggester.sanitiseKey(name));
    }

    @Test
    void sanitiseKeyWhenAnyStringThenMatchesTheKeyPattern() {
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(200);
            for (int j = 0; j < length; j++) {
                name.append((char) (random.nextBoolean() ? random.nextInt(128) : random.nextInt(0x3000)));
            }
            String key = DeclarationSuggester.sanitiseKey(name.toString());
            assertTrue(COOKIE_KEY.matcher(key).matches(), "[" + key + "] from [" + name + "]");
        }
    }

    @Test
    void suggestWhenSeveralKeysTakenThenNextFreeSuffix() {
        String config = BASE + """
                cookie.ga-2.name=other
                cookie.ga-2.category=analytics
                cookie.ga-2.provider=Example
                cookie.ga-2.purpose.fr=Autre.
                cookie.ga-2.purpose.en=Other.
                cookie.ga-2.retention=session
                """;
        DeclarationSuggester.Suggestion s = suggester(config).suggest("_ga_XYZ");
        assertEquals("ga-3", s.key());
        assertEquals(3, parse(config + s.text()).cookies().size());
    }

    @Test
    void allocateKeyWhenBaseIsLongThenSuffixStillFitsTheKeyPattern() {
        Set<String> used = new HashSet<>();
        String name = "A".repeat(100);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            keys.add(DeclarationSuggester.allocateKey(name, used));
        }
        assertEquals(120, used.size());
        assertEquals("a".repeat(64), keys.get(0));
        assertEquals("a".repeat(62) + "-2", keys.get(1));
        assertEquals("a".repeat(60) + "-120", keys.get(119));
        keys.forEach(k -> assertTrue(COOKIE_KEY.matcher(k).matches(), k));
    }

    @Test
    void periodOfDaysIsReadable() {
        assertEquals(Period.ofMonths(13), DeclarationSuggester.period(395));
        assertEquals(Period.ofYears(1), DeclarationSuggester.period(365));
        assertEquals(Period.ofDays(400), DeclarationSuggester.period(400));
        assertEquals(395, DeclarationSuggester.approximateDays(Period.ofMonths(13)));
        assertEquals(365, DeclarationSuggester.approximateDays(Period.ofYears(1)));
    }
}
