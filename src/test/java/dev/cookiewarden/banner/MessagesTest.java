package dev.cookiewarden.banner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.config.MessageKey;
import dev.cookiewarden.config.WardenConfigParser;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessagesTest {
    private static final List<String> EN_FR = List.of("en", "fr");

    // ---------------------------------------------------------------- built-in texts

    @Test
    void everyTextIsBuiltInInEnglishAndFrench() {
        for (MessageKey k : MessageKey.values()) {
            for (String lang : EN_FR) {
                String text = BuiltInTexts.of(lang).get(k);
                assertTrue(text != null && !text.isBlank(), k + " has no " + lang + " text");
                assertEquals(text.strip(), text, k + " " + lang + " has surrounding spaces");
            }
        }
    }

    @Test
    void frenchDiffersFromEnglishForEveryText() {
        for (MessageKey k : MessageKey.values()) {
            assertNotEquals(BuiltInTexts.ENGLISH.get(k), BuiltInTexts.FRENCH.get(k), k + " is not translated");
        }
    }

    @Test
    void frenchUsesTheWordsOfFrenchSites() {
        assertEquals("Tout accepter", BuiltInTexts.FRENCH.get(MessageKey.ACCEPT_ALL));
        assertEquals("Tout refuser", BuiltInTexts.FRENCH.get(MessageKey.REJECT_ALL));
        assertEquals("Personnaliser", BuiltInTexts.FRENCH.get(MessageKey.CUSTOMIZE));
        assertEquals("Param\u00e8tres des cookies", BuiltInTexts.FRENCH.get(MessageKey.SETTINGS_LINK));
        assertEquals("Enregistrer mes choix", BuiltInTexts.FRENCH.get(MessageKey.SAVE));
    }

    /** CNIL: before choosing, who sets cookies, what accepting and refusing do, how to change one's mind. */
    @Test
    void firstLayerSaysWhoWhatAndHowToChangeOnesMind() {
        String fr = BuiltInTexts.FRENCH.get(MessageKey.BANNER_TEXT);
        assertTrue(fr.startsWith("Ce site et ses partenaires"), fr);
        assertTrue(fr.contains("\u00ab\u00a0Tout accepter\u00a0\u00bb") && fr.contains("\u00ab\u00a0Tout refuser\u00a0\u00bb"), fr);
        assertTrue(fr.contains("\u00e0 tout moment") && fr.contains("Param\u00e8tres des cookies"), fr);
        String en = BuiltInTexts.ENGLISH.get(MessageKey.BANNER_TEXT);
        assertTrue(en.startsWith("This site and its partners"), en);
        assertTrue(en.contains("at any time") && en.contains("\u201cCookie settings\u201d"), en);
        // The labels the texts quote are the buttons' own.
        for (var texts : List.of(BuiltInTexts.ENGLISH, BuiltInTexts.FRENCH)) {
            for (MessageKey button : List.of(MessageKey.ACCEPT_ALL, MessageKey.REJECT_ALL, MessageKey.CUSTOMIZE,
                    MessageKey.SETTINGS_LINK)) {
                assertTrue(texts.get(MessageKey.BANNER_TEXT).contains(texts.get(button)), button.key());
            }
            assertTrue(texts.get(MessageKey.PREFS_TEXT).contains(texts.get(MessageKey.SETTINGS_LINK)));
        }
    }

    @Test
    void noBuiltInLanguageBeyondEnglishAndFrench() {
        assertEquals(0, BuiltInTexts.of("de").size());
        assertEquals(java.util.Set.of("en", "fr"), Messages.builtInLanguages());
    }

    // ---------------------------------------------------------------- overrides and fallback

    @Test
    void overridesReplaceTheBuiltInText() {
        Messages m = new Messages(BannerFixtures.config("text.reject-all.fr", "Continuer sans accepter"));
        assertEquals("Continuer sans accepter", m.text(MessageKey.REJECT_ALL, "fr"));
        assertEquals("Reject all", m.text(MessageKey.REJECT_ALL, "en"));
        assertEquals("Tout accepter", m.text(MessageKey.ACCEPT_ALL, "fr"));
    }

    @Test
    void anotherLanguageFallsBackToTheDefaultLanguageForTextsNotOverridden() {
        Properties p = BannerFixtures.shop();
        p.setProperty("languages", "fr,en,de");
        germanTexts(p);
        p.setProperty("text.accept-all.de", "Alle akzeptieren");
        p.setProperty("text.save.fr", "Valider");
        Messages m = new Messages(WardenConfigParser.parse(p));
        assertEquals("Alle akzeptieren", m.text(MessageKey.ACCEPT_ALL, "de"));
        assertEquals("Tout refuser", m.text(MessageKey.REJECT_ALL, "de"), "built-in text of the default, fr");
        assertEquals("Valider", m.text(MessageKey.SAVE, "de"), "override of the default language");
    }

    @Test
    void defaultLanguageWithoutBuiltInTextsFallsBackToEnglish() {
        Properties p = BannerFixtures.shop();
        p.setProperty("languages", "de,fr");
        p.setProperty("language.default", "de");
        germanTexts(p);
        p.stringPropertyNames().stream().filter(k -> k.endsWith(".en")).toList().forEach(p::remove);
        p.setProperty("text.reject-all.de", "Alle ablehnen");
        Messages m = new Messages(WardenConfigParser.parse(p));
        assertEquals("Alle ablehnen", m.text(MessageKey.REJECT_ALL, "de"));
        assertEquals("Accept all", m.text(MessageKey.ACCEPT_ALL, "de"));
        assertEquals("Tout accepter", m.text(MessageKey.ACCEPT_ALL, "fr"));
    }

    private static void germanTexts(Properties p) {
        for (String key : p.stringPropertyNames()) {
            if (key.endsWith(".fr") && (key.startsWith("category.") || key.startsWith("cookie."))) {
                p.setProperty(key.substring(0, key.length() - 3) + ".de", "de " + p.getProperty(key));
            }
        }
    }

    @Test
    void languageNotConfiguredGetsTheDefault() {
        Messages m = new Messages(BannerFixtures.config());
        assertEquals("Tout accepter", m.text(MessageKey.ACCEPT_ALL, "es"));
    }

    // ---------------------------------------------------------------- negotiation

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "fr-FR,fr;q=0.9,en;q=0.8 | fr",
            "en-US,en;q=0.9,fr;q=0.8 | en",
            "fr;q=0.5, en            | en",
            "de                      | de-default",
            "de, en;q=0.1            | en",
            "*                       | de-default",
            "de, *;q=0.5             | de-default",
            "EN-gb                   | en",
            "en;q=0, fr;q=0.1        | fr",
            "en;q=0                  | de-default",
            "fr;q=2                  | de-default",
            "fr;q=abc                | de-default",
            "fr_FR                   | de-default",
            "''                      | de-default",
            "NULL                    | de-default",
            ",,,                     | de-default",
            "en-US;q=0, en;q=0.5     | en",
            "fr;q=0.5, en;q=0.5      | fr"})
    void negotiateReadsQValues(String header, String expected) {
        // A default that cannot come from the header shows when the default was chosen.
        String language = Messages.negotiate(header, EN_FR, "de-default");
        assertEquals(expected, language, header);
    }

    @Test
    void starMeansTheDefaultUnlessItIsExcluded() {
        assertEquals("fr", Messages.negotiate("*", EN_FR, "fr"));
        assertEquals("fr", Messages.negotiate("en;q=0, *", EN_FR, "en"));
        assertEquals("en", Messages.negotiate("en;q=0, fr;q=0, *", EN_FR, "en"));
    }

    @Test
    void longHeaderIsReadUpToTheLimitAtAComma() {
        String filler = "de;q=0.5,".repeat(40);
        assertTrue(filler.length() > Messages.MAX_ACCEPT_LANGUAGE);
        assertEquals("en", Messages.negotiate("en;q=0.4," + filler + "fr", EN_FR, "de"), "fr lies past the limit");
        assertEquals("de", Messages.negotiate("x".repeat(5000), EN_FR, "de"));
        assertEquals("fr", Messages.negotiate("fr-" + "a".repeat(8) + "," + "b".repeat(100_000), EN_FR, "de"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00e9t\u00e9", "fr;;q=1", "fr;q=0.5;q=0.6", "q=1", ";", "fr-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "-", "--", " -", "-;q=1", "fr,-", "-a", "*-"})
    void malformedHeaderGivesTheDefault(String header) {
        assertEquals("en", Messages.negotiate(header, List.of("fr", "en"), "en"));
    }

    // ---------------------------------------------------------------- negotiation, remembered

    @ParameterizedTest
    @ValueSource(strings = {"fr-FR,fr;q=0.9,en;q=0.8", "en-US,en;q=0.9,fr;q=0.8", "fr;q=0.5, en", "de", "*",
            "EN-gb", "en;q=0, fr;q=0.1", "en;q=0", "fr;q=2", "fr;q=abc", "fr_FR", "", " ", ",,,", "\u00e9t\u00e9",
            "fr;;q=1", "fr;q=0.5;q=0.6", "q=1", ";", "fr-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "en;q=0, *"})
    void negotiateWhenAskedAgainThenSameLanguageAsParsing(String header) {
        Messages m = new Messages(BannerFixtures.config("language.default", "en"));
        String parsed = Messages.negotiate(header, m.languages(), m.defaultLanguage());
        assertEquals(parsed, m.negotiate(header), "first time");
        assertEquals(parsed, m.negotiate(header), "remembered");
        assertEquals(parsed, m.negotiate(new String(header)), "an equal value");
    }

    @Test
    void negotiateWhenSameHeaderRepeatedThenRememberedOnce() {
        Messages m = new Messages(BannerFixtures.config());
        for (int i = 0; i < 100; i++) {
            assertEquals("en", m.negotiate("en-US,en;q=0.9"));
        }
        assertEquals(1, m.negotiationsCached());
        assertEquals("fr", m.negotiate(null));
        assertEquals(1, m.negotiationsCached(), "no header is not remembered");
    }

    @Test
    void negotiateWhenHeaderOverTheLimitThenNegotiatedButNotRemembered() {
        Messages m = new Messages(BannerFixtures.config("language.default", "en"));
        String atLimit = "fr," + "x".repeat(Messages.MAX_ACCEPT_LANGUAGE - 3);
        String overLimit = "fr," + "de;q=0.5,".repeat(40) + "en";
        assertTrue(overLimit.length() > Messages.MAX_ACCEPT_LANGUAGE);
        for (String header : List.of(overLimit, "x".repeat(5000), "fr-" + "a".repeat(8) + "," + "b".repeat(100_000))) {
            assertEquals(Messages.negotiate(header, m.languages(), m.defaultLanguage()), m.negotiate(header));
        }
        assertEquals("fr", m.negotiate(overLimit));
        assertEquals(0, m.negotiationsCached());
        assertEquals(Messages.MAX_ACCEPT_LANGUAGE, atLimit.length());
        assertEquals(Messages.negotiate(atLimit, m.languages(), m.defaultLanguage()), m.negotiate(atLimit));
        assertEquals(1, m.negotiationsCached(), "a value at the limit is remembered");
    }

    @Test
    void negotiateWhenManyDistinctHeadersThenMemoryStaysBoundedAndAnswersRight() {
        Messages m = new Messages(BannerFixtures.config());
        Random random = new Random(42);
        String alphabet = "abcdefrnFREN-_;=q.0123456789,* \t\u00e9\u0000";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder header = new StringBuilder();
            int length = random.nextInt(300);
            for (int j = 0; j < length; j++) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String h = header.toString();
            assertEquals(Messages.negotiate(h, m.languages(), m.defaultLanguage()), m.negotiate(h), h);
        }
        long cached = m.negotiationsCached();
        assertTrue(cached > 0 && cached <= Messages.MAX_CACHED_HEADERS, "remembered " + cached);
    }

    // ---------------------------------------------------------------- retention

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "P13M    | 13 months              | 13 mois",
            "P1M     | 1 month                | 1 mois",
            "P1Y     | 1 year                 | 1 an",
            "P2Y     | 2 years                | 2 ans",
            "P1D     | 1 day                  | 1 jour",
            "P30D    | 30 days                | 30 jours",
            "P2W     | 14 days                | 14 jours",
            "P18M    | 18 months              | 18 mois",
            "P1Y6M   | 1 year and 6 months    | 1 an et 6 mois",
            "P1Y2M3D | 1 year, 2 months and 3 days | 1 an, 2 mois et 3 jours"})
    void retentionIsWrittenInWords(String period, String en, String fr) {
        Messages m = new Messages(BannerFixtures.config());
        assertEquals(en, m.retention(Optional.of(Period.parse(period)), "en"));
        assertEquals(fr, m.retention(Optional.of(Period.parse(period)), "fr"));
    }

    @Test
    void sessionRetentionSaysUntilTheBrowserCloses() {
        Messages m = new Messages(BannerFixtures.config());
        assertEquals("Session (until you close your browser)", m.retention(Optional.empty(), "en"));
        assertEquals("Session (jusqu\u2019\u00e0 la fermeture du navigateur)", m.retention(Optional.empty(), "fr"));
    }

    @Test
    void retentionWordsCanBeOverridden() {
        Messages m = new Messages(BannerFixtures.config("text.retention-months.en", "mo.",
                "text.retention-session.en", "Session"));
        assertEquals("13 mo.", m.retention(Optional.of(Period.ofMonths(13)), "en"));
        assertEquals("Session", m.retention(Optional.empty(), "en"));
        assertFalse(m.toString().isEmpty());
    }
}
