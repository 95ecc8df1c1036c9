package dev.cookiewarden.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WardenConfigParserTest {

    /** 32 bytes: 0, 1, ..., 31. */
    private static final byte[] KEY_BYTES = bytes(32);
    private static final String KEY_B64 = Base64.getEncoder().encodeToString(KEY_BYTES);

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    /** The smallest valid configuration: two categories, one cookie, every default. */
    private static Properties minimal() {
        Properties p = new Properties();
        p.setProperty("categories", "necessary,analytics");
        p.setProperty("category.necessary.required", "true");
        for (String id : List.of("necessary", "analytics")) {
            for (String lang : List.of("en", "fr")) {
                p.setProperty("category." + id + ".label." + lang, id + " label " + lang);
                p.setProperty("category." + id + ".description." + lang, id + " description " + lang);
            }
        }
        cookie(p, "ga", "_ga", "analytics");
        return p;
    }

    private static void cookie(Properties p, String key, String name, String category) {
        p.setProperty("cookie." + key + ".name", name);
        p.setProperty("cookie." + key + ".category", category);
        p.setProperty("cookie." + key + ".provider", "Google");
        p.setProperty("cookie." + key + ".purpose.en", "Counts visits");
        p.setProperty("cookie." + key + ".purpose.fr", "Compte les visites");
        p.setProperty("cookie." + key + ".retention", "P13M");
    }

    private static Properties with(String... keyValues) {
        Properties p = minimal();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                p.remove(keyValues[i]);
            } else {
                p.setProperty(keyValues[i], keyValues[i + 1]);
            }
        }
        return p;
    }

    /** Asserts the error names {@code key} and {@code value} as ConfigException words them. */
    private static ConfigException fails(Properties p, String key, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> WardenConfigParser.parse(p));
        assertEquals(key, e.key(), e.getMessage());
        assertEquals(value, e.value(), e.getMessage());
        String expectedStart = value == null
                ? "The key [" + key + "] is missing: expected "
                : "The value [" + value + "] of key [" + key + "] is not valid: expected ";
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
        return e;
    }

    private static void failsWith(Properties p, String key, String value, String expected) {
        ConfigException e = fails(p, key, value);
        assertTrue(e.getMessage().contains(expected), () -> e.getMessage() + " lacks " + expected);
    }

    // ---------------------------------------------------------------- defaults

    @Test
    void minimalConfigurationGetsTheDocumentedDefaults() {
        WardenConfig c = WardenConfigParser.parse(minimal());
        assertEquals(1, c.policyRevision());
        assertEquals(List.of("en", "fr"), c.languages());
        assertEquals("en", c.defaultLanguage());
        assertEquals(Duration.ofDays(182), c.consentValidity());
        assertEquals("cookie_warden", c.consentCookieName());
        assertEquals(SecureMode.AUTO, c.consentSecure());
        assertEquals(Duration.ofDays(395), c.maxCookieLifetime());
        assertEquals(UndeclaredMode.BLOCK, c.undeclaredMode());
        assertEquals(List.of(), c.signingKeys());
        assertEquals(Optional.empty(), c.dataDirectory());
        assertEquals("/cookie-consent", c.endpointPrefix());
        assertTrue(c.honorGpc());
        assertTrue(c.bannerEnabled());
        assertFalse(c.bannerErrorPages());
        assertTrue(c.bannerSettingsLink());
        assertEquals(Optional.empty(), c.bannerPolicyUrl());
        assertEquals(Map.of(), c.textOverrides());
        assertFalse(c.consentMode());
        assertEquals(500, c.consentModeWaitMillis());
        assertEquals(List.of("ad_storage", "ad_user_data", "ad_personalization", "analytics_storage",
                "functionality_storage", "personalization_storage", "security_storage"),
                List.copyOf(c.consentModeMapping().keySet()));
        assertEquals(List.of("marketing", "marketing", "marketing", "analytics", "preferences", "preferences",
                "granted"), List.copyOf(c.consentModeMapping().values()));
    }

    @Test
    void categoryDefaultsToOptionalAndGpcSensitiveUnlessRequired() {
        WardenConfig c = WardenConfigParser.parse(minimal());
        Category necessary = c.category("necessary").orElseThrow();
        Category analytics = c.category("analytics").orElseThrow();
        assertTrue(necessary.required());
        assertFalse(necessary.gpcSensitive());
        assertFalse(analytics.required());
        assertTrue(analytics.gpcSensitive());
        assertEquals(Map.of("en", "analytics label en", "fr", "analytics label fr"), analytics.labels());
        assertEquals("analytics description fr", analytics.description("fr", "en"));
    }

    @Test
    void cookieDefaultsToRootPathHostOnlyAndFirstParty() {
        CookieDeclaration ga = WardenConfigParser.parse(minimal()).cookies().get(0);
        assertEquals("ga", ga.key());
        assertEquals("_ga", ga.namePattern());
        assertEquals("analytics", ga.categoryId());
        assertEquals("Google", ga.provider());
        assertEquals(Optional.of(Period.ofMonths(13)), ga.retention());
        assertEquals("/", ga.path());
        assertNull(ga.domain());
        assertFalse(ga.thirdParty());
        assertFalse(ga.isGlob());
        assertEquals(Map.of("en", "Counts visits", "fr", "Compte les visites"), ga.purposes());
    }

    /** STYLE.md item 5: the default the documentation states is the one the parser applies. */
    @Test
    void everyLiteralDefaultInTheKeyListIsTheParsersDefault() {
        List<Object> implicit = fingerprint(WardenConfigParser.parse(minimal()));
        for (ConfigKey k : ConfigKey.values()) {
            Optional<String> literal = k.literalDefault();
            if (literal.isEmpty()) {
                continue;
            }
            // minimal() sets necessary.required: write out the defaults of analytics and of cookie ga.
            String key = k.isCategoryKey() ? k.of("analytics") : k.isCookieKey() ? k.of("ga") : k.pattern();
            List<Object> explicit = fingerprint(WardenConfigParser.parse(with(key, literal.get())));
            assertEquals(implicit, explicit, "default of " + k.pattern());
        }
    }

    @Test
    void gpcDefaultIsTrueUnlessRequiredAsDocumented() {
        assertEquals(fingerprint(WardenConfigParser.parse(minimal())),
                fingerprint(WardenConfigParser.parse(with("category.analytics.gpc", "true",
                        "category.necessary.gpc", "false"))));
    }

    private static List<Object> fingerprint(WardenConfig c) {
        return List.of(c.policyRevision(), c.languages(), c.defaultLanguage(), c.consentValidity(),
                c.consentCookieName(), c.consentSecure(), c.maxCookieLifetime(), c.undeclaredMode(),
                c.signingKeys(), c.dataDirectory(), c.endpointPrefix(), c.honorGpc(), c.categories(), c.cookies(),
                c.bannerEnabled(), c.bannerErrorPages(), c.bannerSettingsLink(), c.bannerPolicyUrl(),
                c.textOverrides(), c.consentMode(), c.consentModeWaitMillis(), c.consentModeMapping());
    }

    @Test
    void emptyValueMeansUnset() {
        WardenConfig c = WardenConfigParser.parse(with("policy.revision", "", "gpc.honor", "   ",
                "keys", "", "data-dir", " ", "cookie.ga.path", "", "cookie.ga.domain", "",
                "category.analytics.gpc", ""));
        assertEquals(1, c.policyRevision());
        assertTrue(c.honorGpc());
        assertEquals(List.of(), c.signingKeys());
        assertEquals(Optional.empty(), c.dataDirectory());
        assertEquals("/", c.cookies().get(0).path());
        assertNull(c.cookies().get(0).domain());
        assertTrue(c.category("analytics").orElseThrow().gpcSensitive());
    }

    @Test
    void emptyRequiredValueIsMissing() {
        fails(with("categories", " "), "categories", null);
        fails(with("cookie.ga.provider", ""), "cookie.ga.provider", null);
    }

    @Test
    void valuesAreTrimmed() {
        WardenConfig c = WardenConfigParser.parse(with("policy.revision", " 7\t", "languages", " fr , en ",
                "category.analytics.label.fr", "  Mesure d'audience  ", "consent.secure", " always "));
        assertEquals(7, c.policyRevision());
        assertEquals(List.of("fr", "en"), c.languages());
        assertEquals("Mesure d'audience", c.category("analytics").orElseThrow().labels().get("fr"));
        assertEquals(SecureMode.ALWAYS, c.consentSecure());
    }

    @Test
    void everyGlobalKeyCanBeSet() {
        WardenConfig c = WardenConfigParser.parse(with("policy.revision", "1000000000", "languages", "fr,en",
                "language.default", "fr", "consent.validity-days", "400", "consent.cookie-name", "cw",
                "consent.secure", "never", "cookies.max-lifetime-days", "1", "cookies.undeclared", "report-only",
                "keys", "k1:" + KEY_B64, "data-dir", "/var/lib/cw", "endpoint.prefix", "/a/.well-known_x/b-c",
                "gpc.honor", "false"));
        assertEquals(1_000_000_000, c.policyRevision());
        assertEquals(List.of("fr", "en"), c.languages());
        assertEquals("fr", c.defaultLanguage());
        assertEquals(Duration.ofDays(400), c.consentValidity());
        assertEquals("cw", c.consentCookieName());
        assertEquals(SecureMode.NEVER, c.consentSecure());
        assertEquals(Duration.ofDays(1), c.maxCookieLifetime());
        assertEquals(UndeclaredMode.REPORT_ONLY, c.undeclaredMode());
        assertEquals(List.of(new SigningKey("k1", KEY_BYTES)), c.signingKeys());
        assertEquals(Optional.of(Path.of("/var/lib/cw")), c.dataDirectory());
        assertEquals("/a/.well-known_x/b-c", c.endpointPrefix());
        assertFalse(c.honorGpc());
        assertEquals(UndeclaredMode.ALLOW,
                WardenConfigParser.parse(with("cookies.undeclared", "allow")).undeclaredMode());
    }

    @Test
    void defaultLanguageFallsBackToFirstLanguageWhenEnglishIsNotOffered() {
        Properties p = minimal();
        p.setProperty("languages", "fr,de");
        p.stringPropertyNames().stream().filter(k -> k.endsWith(".en")).toList().forEach(k -> {
            p.setProperty(k.substring(0, k.length() - 3) + ".de", p.getProperty(k));
            p.remove(k);
        });
        WardenConfig c = WardenConfigParser.parse(p);
        assertEquals("fr", c.defaultLanguage());
        assertEquals(Map.of("fr", "Compte les visites", "de", "Counts visits"), c.cookies().get(0).purposes());
    }

    @Test
    void categoriesKeepDisplayOrderAndCookiesAreSortedByKey() {
        Properties p = with("categories", "analytics,necessary");
        cookie(p, "zz", "zz", "necessary");
        cookie(p, "aa", "aa", "necessary");
        cookie(p, "m-1", "m", "analytics");
        WardenConfig c = WardenConfigParser.parse(p);
        assertEquals(List.of("analytics", "necessary"), Category.ids(c.categories()));
        assertEquals(List.of("aa", "ga", "m-1", "zz"), c.cookies().stream().map(CookieDeclaration::key).toList());
    }

    @Test
    void cookieDeclarationReadsEveryAttribute() {
        WardenConfig c = WardenConfigParser.parse(with("cookie.ga.name", "_ga_*", "cookie.ga.retention", "session",
                "cookie.ga.path", "/shop", "cookie.ga.domain", ".Exemple.FR", "cookie.ga.third-party", "true"));
        CookieDeclaration ga = c.cookies().get(0);
        assertTrue(ga.isGlob());
        assertEquals(Optional.empty(), ga.retention());
        assertEquals("/shop", ga.path());
        assertEquals("exemple.fr", ga.domain());
        assertTrue(ga.thirdParty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"P30D", "P1Y", "P13M", "P2W", "P1Y2M3D", "p6m"})
    void retentionAcceptsPositiveIsoPeriods(String value) {
        assertEquals(Optional.of(Period.parse(value)),
                WardenConfigParser.parse(with("cookie.ga.retention", value)).cookies().get(0).retention());
    }

    @Test
    void propertiesDefaultsAreRead() {
        Properties p = new Properties(minimal());
        p.setProperty("policy.revision", "3");
        WardenConfig c = WardenConfigParser.parse(p);
        assertEquals(3, c.policyRevision());
        assertEquals(1, c.cookies().size());
    }

    @Test
    void resultIsImmutable() {
        WardenConfig c = WardenConfigParser.parse(minimal());
        assertThrows(UnsupportedOperationException.class, () -> c.cookies().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.categories().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.languages().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.category("analytics").orElseThrow().labels().clear());
        assertThrows(UnsupportedOperationException.class, () -> WardenConfigParser.documentedKeys().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.consentModeMapping().clear());
        WardenConfig t = WardenConfigParser.parse(with("text.save.fr", "Valider"));
        assertThrows(UnsupportedOperationException.class, () -> t.textOverrides().clear());
        assertThrows(UnsupportedOperationException.class, () -> t.textOverrides().get("save").clear());
    }

    // ---------------------------------------------------------------- global keys

    @ParameterizedTest
    @ValueSource(strings = {"0", "1000000001", "-1", "+5", "1.5", "1_000", "abc", "99999999999", "2 3"})
    void policyRevisionOutsideOneToOneBillionFails(String value) {
        failsWith(with("policy.revision", value), "policy.revision", value,
                "expected a whole number of revision from 1 to 1000000000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en,EN", "en,,fr", "eng", "en,", "e", "en;fr", "en-GB"})
    void languagesMustBeTwoLowercaseLetters(String value) {
        failsWith(with("languages", value), "languages", value, "two-letter lowercase language tags");
    }

    @Test
    void languageListedTwiceFails() {
        failsWith(with("languages", "en,fr,en"), "languages", "en,fr,en", "each language once; [en] is listed twice");
    }

    @Test
    void defaultLanguageMustBeOneOfTheLanguages() {
        failsWith(with("language.default", "de"), "language.default", "de", "one of the languages [en, fr]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"consent.validity-days", "cookies.max-lifetime-days"})
    void dayCountsOutsideOneToFourHundredFail(String key) {
        failsWith(with(key, "0"), key, "0", "a whole number of days from 1 to 400");
        failsWith(with(key, "401"), key, "401", "a whole number of days from 1 to 400");
        failsWith(with(key, "6 months"), key, "6 months", "a whole number of days from 1 to 400");
    }

    @ParameterizedTest
    @ValueSource(strings = {"__Host-cw", "__Secure-cw", "__host-cw", "__SECURE-cw", "a b", "a;b", "a=b", "été",
            "a,b", "a\"b", "x123456789x123456789x123456789x123456789x123456789x123456789xxxxx"})
    void consentCookieNameMustBeAnUnprefixedTokenOfAtMost64(String value) {
        failsWith(with("consent.cookie-name", value), "consent.cookie-name", value,
                "a cookie name (RFC 9110 token characters) of at most 64 characters, without a __Host- or "
                        + "__Secure- prefix (the filter adds the prefix itself)");
    }

    @Test
    void consentCookieNameOf64CharactersIsAccepted() {
        String name = "x".repeat(64);
        assertEquals(name, WardenConfigParser.parse(with("consent.cookie-name", name)).consentCookieName());
    }

    @Test
    void enumeratedValuesAreExact() {
        failsWith(with("consent.secure", "Always"), "consent.secure", "Always", "expected auto, always or never");
        failsWith(with("cookies.undeclared", "report_only"), "cookies.undeclared", "report_only",
                "expected block, report-only or allow");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRUE", "True", "yes", "1", "on", "false!"})
    void booleansAreExactlyTrueOrFalse(String value) {
        failsWith(with("gpc.honor", value), "gpc.honor", value, "expected true or false");
        failsWith(with("category.analytics.required", value), "category.analytics.required", value,
                "expected true or false");
        failsWith(with("category.analytics.gpc", value), "category.analytics.gpc", value, "expected true or false");
        failsWith(with("cookie.ga.third-party", value), "cookie.ga.third-party", value, "expected true or false");
    }

    @Test
    void dataDirectoryThatIsNotAPathFails() {
        failsWith(with("data-dir", "a\u0000b"), "data-dir", "a\u0000b", "expected a file system path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "cookie-consent", "/a/", "//a", "/a//b", "/a b", "/a/../b", "/./a", "/..",
            "/é", "/a?b", "/a;b"})
    void endpointPrefixMustBeAClean(String value) {
        failsWith(with("endpoint.prefix", value), "endpoint.prefix", value,
                "a path such as /cookie-consent: starting with '/', not ending with '/'");
    }

    @Test
    void nonStringPropertyFails() {
        Properties p = minimal();
        p.put("policy.revision", 3);
        failsWith(p, "policy.revision", "3", "String keys and values");
    }

    // ---------------------------------------------------------------- signing keys

    @Test
    void keysAreParsedInOrderFirstSigns() {
        String urlSafeUnpadded = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(33));
        String standardPadded = Base64.getEncoder().encodeToString(bytes(34));
        assertTrue(standardPadded.endsWith("="));
        WardenConfig c = WardenConfigParser.parse(with("keys",
                " new-2 : " + urlSafeUnpadded + " , old_1:" + standardPadded + ",k3:" + KEY_B64.replace("=", "")));
        assertEquals(List.of(new SigningKey("new-2", bytes(33)), new SigningKey("old_1", bytes(34)),
                new SigningKey("k3", KEY_BYTES)), c.signingKeys());
    }

    @Test
    void urlSafeAlphabetIsAccepted() {
        byte[] material = new byte[48];
        java.util.Arrays.fill(material, (byte) 0xFB); // encodes to '+' / '-' and '/' / '_'
        String urlSafe = Base64.getUrlEncoder().encodeToString(material);
        assertTrue(urlSafe.contains("-") || urlSafe.contains("_"), urlSafe);
        assertEquals(List.of(new SigningKey("k", material)),
                WardenConfigParser.parse(with("keys", "k:" + urlSafe)).signingKeys());
    }

    @Test
    void shortKeyFailsWithoutShowingItsMaterial() {
        String shortKey = Base64.getEncoder().encodeToString(bytes(31));
        ConfigException e = fails(with("keys", "k1:" + KEY_B64 + ",k2:" + shortKey), "keys", "k2:<redacted>");
        assertTrue(e.getMessage().contains("a key of at least 32 bytes (256 bits)"), e.getMessage());
        assertNoMaterial(e, shortKey, KEY_B64);
    }

    @Test
    void duplicateKeyIdFailsWithoutShowingMaterial() {
        String other = Base64.getEncoder().encodeToString(bytes(40));
        ConfigException e = fails(with("keys", "k1:" + KEY_B64 + ",k1:" + other), "keys", "k1:<redacted>");
        assertTrue(e.getMessage().contains("each key id once; [k1] is listed twice"), e.getMessage());
        assertNoMaterial(e, KEY_B64, other);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "QUJD*", "ab+c-d", "YQ=x"})
    void undecodableKeyFailsWithoutShowingMaterial(String material) {
        ConfigException e = fails(with("keys", "k1:" + material), "keys", "k1:<redacted>");
        assertTrue(e.getMessage().contains("base64 key material (standard or URL-safe alphabet, padding optional)"),
                e.getMessage());
        assertNoMaterial(e, material);
    }

    @Test
    void entryWithoutUsableIdIsShownByPositionOnly() {
        ConfigException e = fails(with("keys", "k1:" + KEY_B64 + "," + KEY_B64), "keys", "<redacted entry 2>");
        assertTrue(e.getMessage().contains("comma-separated id:base64 entries"), e.getMessage());
        assertNoMaterial(e, KEY_B64);
        // An id that is too long may be material pasted in the wrong place: not shown either.
        e = fails(with("keys", KEY_B64 + ":k1"), "keys", "<redacted entry 1>");
        assertNoMaterial(e, KEY_B64);
        fails(with("keys", "k1:" + KEY_B64 + ","), "keys", "<empty entry 2>");
        fails(with("keys", "bad id:" + KEY_B64), "keys", "<redacted entry 1>");
        fails(with("keys", ":" + KEY_B64), "keys", "<redacted entry 1>");
    }

    @Test
    void emptyMaterialIsTooShort() {
        failsWith(with("keys", "k1:"), "keys", "k1:<redacted>", "a key of at least 32 bytes (256 bits); this one has 0");
    }

    private static void assertNoMaterial(ConfigException e, String... secrets) {
        for (String s : secrets) {
            assertFalse(e.getMessage().contains(s), e.getMessage());
            assertFalse(String.valueOf(e.value()).contains(s), e.value());
        }
        assertNull(e.getCause());
    }

    @Test
    void toStringShowsKeyIdsButNoKeyMaterial() {
        WardenConfig c = WardenConfigParser.parse(with("keys", "k1:" + KEY_B64));
        String s = c.toString();
        assertTrue(s.contains("keys=[k1]"), s);
        assertFalse(s.contains(KEY_B64), s);
        assertFalse(s.contains(KEY_B64.substring(0, 12)), s);
        assertFalse(c.signingKeys().toString().contains(KEY_B64.substring(0, 12)));
    }

    // ---------------------------------------------------------------- categories

    @Test
    void categoriesAreRequired() {
        failsWith(with("categories", null), "categories", null,
                "comma-separated category ids in display order, each matching [a-z][a-z0-9-]{0,31} and listed once");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Necessary,analytics", "necessary,,analytics", "necessary,1st", "necessary,a_b",
            "necessary,analytics,", "necessary,x234567890123456789012345678901234"})
    void categoryIdsMustBeLowercaseWords(String value) {
        failsWith(with("categories", value), "categories", value, "each matching [a-z][a-z0-9-]{0,31}");
    }

    @Test
    void moreCategoriesThanTheConsentCookieCanHoldFail() {
        StringBuilder ids = new StringBuilder("necessary");
        for (int i = 1; i <= 64; i++) {
            ids.append(",c").append(i);
        }
        String value = ids.toString();
        failsWith(with("categories", value), "categories", value, "at most 64 categories; 65 are listed");
    }

    @Test
    void categoryListedTwiceFails() {
        failsWith(with("categories", "necessary,analytics,necessary"), "categories", "necessary,analytics,necessary",
                "each category id once; [necessary] is listed twice");
    }

    @Test
    void keyForAnUnlistedCategoryFailsNamingIt() {
        failsWith(with("category.marketing.label.en", "Marketing"), "category.marketing.label.en", "Marketing",
                "a key of a category listed in categories [necessary, analytics] (no category [marketing] is listed)");
        failsWith(with("category.Analytics.required", "true"), "category.Analytics.required", "true",
                "no category [Analytics] is listed");
    }

    @Test
    void gpcOnARequiredCategoryFails() {
        failsWith(with("category.necessary.gpc", "true"), "category.necessary.gpc", "true",
                "false (or unset) on a required category");
        assertFalse(WardenConfigParser.parse(with("category.necessary.gpc", "false"))
                .category("necessary").orElseThrow().gpcSensitive());
        assertFalse(WardenConfigParser.parse(with("category.analytics.gpc", "false"))
                .category("analytics").orElseThrow().gpcSensitive());
    }

    @Test
    void missingLabelOrDescriptionFailsNamingTheMissingKey() {
        failsWith(with("category.analytics.label.fr", null), "category.analytics.label.fr", null,
                "a label in every language of [en, fr], of at most 2000 characters");
        failsWith(with("category.necessary.description.en", " "), "category.necessary.description.en", null,
                "a description in every language of [en, fr]");
    }

    @Test
    void textForALanguageNotConfiguredFails() {
        failsWith(with("category.analytics.label.de", "Statistik"), "category.analytics.label.de", "Statistik",
                "a key whose language is one of the languages [en, fr]");
        failsWith(with("cookie.ga.purpose.EN", "x"), "cookie.ga.purpose.EN", "x", "one of the languages [en, fr]");
    }

    @Test
    void textsAreLimitedTo2000Characters() {
        String max = "é".repeat(1999) + "\uD83C\uDF6A"; // 2000 code points, the last a cookie emoji
        assertEquals(max, WardenConfigParser.parse(with("category.analytics.description.fr", max))
                .category("analytics").orElseThrow().descriptions().get("fr"));
        String tooLong = "a".repeat(2001);
        ConfigException e = fails(with("category.analytics.description.fr", tooLong),
                "category.analytics.description.fr", "a".repeat(40) + "...");
        assertTrue(e.getMessage().contains("a description of at most 2000 characters"), e.getMessage());
        fails(with("cookie.ga.purpose.en", tooLong), "cookie.ga.purpose.en", "a".repeat(40) + "...");
    }

    // ---------------------------------------------------------------- unknown keys

    @ParameterizedTest
    @ValueSource(strings = {"policy.revison", "categoriess", "language", "consent.validity", "gpc",
            "cookies.undeclared.mode", "Keys"})
    void unknownGlobalKeyFailsListingTheKnownOnes(String key) {
        ConfigException e = fails(with(key, "x"), key, key.equals("Keys") ? "<redacted>" : "x");
        assertTrue(e.getMessage().contains("expected a known key (policy.revision, languages, "), e.getMessage());
        assertTrue(e.getMessage().contains("category.<id>.*, cookie.<key>.*; see docs/CONFIGURATION.md)"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"category.analytics.colour", "category.analytics", "category..label.en",
            "category.analytics.label", "category.analytics.label.", "category.analytics.purpose.en"})
    void unknownCategoryKeyFailsListingTheCategoryKeys(String key) {
        failsWith(with(key, "x"), key, "x", "expected a known key (category.<id>.required, category.<id>.gpc, "
                + "category.<id>.label.<lang>, category.<id>.description.<lang>; see docs/CONFIGURATION.md)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cookie.ga.nam", "cookie.ga", "cookie.ga.label.en", "cookie.ga.max-age"})
    void unknownCookieKeyFailsListingTheCookieKeys(String key) {
        failsWith(with(key, "x"), key, "x", "expected a known key (cookie.<key>.name, cookie.<key>.category, ");
    }

    @Test
    void unknownKeyWithEmptyValueStillFails() {
        fails(with("policy.revison", ""), "policy.revison", "");
    }

    @Test
    void unknownKeyThatLooksSecretIsRedacted() {
        ConfigException e = fails(with("signing.key", "k1:" + KEY_B64), "signing.key", "<redacted>");
        assertFalse(e.getMessage().contains(KEY_B64));
    }

    @Test
    void unknownKeyIsReportedBeforeOtherErrors() {
        fails(with("policy.revision", "0", "categories", null, "zzz", "1"), "zzz", "1");
    }

    // ---------------------------------------------------------------- cookies

    @Test
    void cookieKeyMustBeLowercase() {
        Properties p = minimal();
        cookie(p, "GA4", "_ga4", "analytics");
        failsWith(p, "cookie.GA4.category", "analytics",
                "a declaration key matching [a-z0-9][a-z0-9_-]{0,63} in cookie.<key>.*");
    }

    @Test
    void cookieRequiresNameCategoryProviderPurposesAndRetention() {
        failsWith(with("cookie.ga.name", null), "cookie.ga.name", null, "a cookie name (RFC 9110 token characters) "
                + "or a glob with at least one literal character");
        failsWith(with("cookie.ga.category", null), "cookie.ga.category", null,
                "one of the categories [necessary, analytics]");
        failsWith(with("cookie.ga.provider", null), "cookie.ga.provider", null,
                "who sets the cookie, in at most 200 characters");
        failsWith(with("cookie.ga.purpose.fr", null), "cookie.ga.purpose.fr", null,
                "a purpose in every language of [en, fr]");
        failsWith(with("cookie.ga.retention", null), "cookie.ga.retention", null,
                "session, or a positive ISO-8601 period such as P30D, P13M or P1Y");
    }

    @Test
    void cookieWithOnlyAnOptionalKeyIsMissingItsName() {
        fails(with("cookie.fbp.third-party", "true"), "cookie.fbp.name", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "**", "a b", "a;b", "a=b", "a,b", "(x)", "é", "a/b"})
    void cookieNameMustBeATokenOrAGlobWithALiteral(String value) {
        failsWith(with("cookie.ga.name", value), "cookie.ga.name", value,
                "expected a cookie name (RFC 9110 token characters) or a glob with at least one literal "
                        + "character, where * matches any run of characters");
    }

    @Test
    void cookieCategoryMustBeListed() {
        failsWith(with("cookie.ga.category", "marketing"), "cookie.ga.category", "marketing",
                "one of the categories [necessary, analytics]");
    }

    @Test
    void providerIsLimitedTo200Characters() {
        assertEquals(200, WardenConfigParser.parse(with("cookie.ga.provider", "p".repeat(200)))
                .cookies().get(0).provider().length());
        failsWith(with("cookie.ga.provider", "p".repeat(201)), "cookie.ga.provider", "p".repeat(40) + "...",
                "a provider name of at most 200 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"P0D", "-P1D", "P-1M", "P1M-1D", "PT1H", "P", "forever", "Session", "13 months", "P1.5Y"})
    void retentionMustBeSessionOrAPositivePeriod(String value) {
        failsWith(with("cookie.ga.retention", value), "cookie.ga.retention", value,
                "session, or a positive ISO-8601 period such as P30D, P13M or P1Y");
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop", "/a;b", "/a b", "/é", "/a\tb"})
    void cookiePathMustStartWithSlashAndBeVisibleAscii(String value) {
        failsWith(with("cookie.ga.path", value), "cookie.ga.path", value.strip(),
                "a path starting with '/' of at most 1024 visible ASCII characters, without ';'");
    }

    @Test
    void cookiePathIsLimitedTo1024Characters() {
        WardenConfigParser.parse(with("cookie.ga.path", "/" + "p".repeat(1023)));
        fails(with("cookie.ga.path", "/" + "p".repeat(1024)), "cookie.ga.path", "/" + "p".repeat(1024));
    }

    @ParameterizedTest
    @ValueSource(strings = {"exa mple.fr", "-a.fr", "a-.fr", "a..fr", "exemple.fr.", "..exemple.fr", "a_b.fr",
            "exémple.fr", "http://exemple.fr", "exemple.fr:443"})
    void cookieDomainMustBeAHostName(String value) {
        failsWith(with("cookie.ga.domain", value), "cookie.ga.domain", value,
                "a host name of letters, digits, '-' and '.' such as example.fr (a leading '.' is ignored)");
    }

    @Test
    void sameNameInTwoCategoriesFailsNamingBothDeclarations() {
        Properties p = minimal();
        cookie(p, "session", "_ga", "necessary");
        ConfigException e = fails(p, "cookie.session.name", "_ga");
        assertTrue(e.getMessage().endsWith("expected a name declared once, not a cookie claimed by two categories: "
                + "[cookie.ga.name] puts it in [analytics], [cookie.session.name] in [necessary]"), e.getMessage());
    }

    @Test
    void sameGlobDeclaredTwiceFailsNamingBothDeclarations() {
        Properties p = with("cookie.ga.name", "_ga_*");
        cookie(p, "ga4", "_ga_*", "analytics");
        failsWith(p, "cookie.ga4.name", "_ga_*", "not a cookie declared twice: [cookie.ga.name] and "
                + "[cookie.ga4.name] both declare it in [analytics]");
    }

    @Test
    void overlappingButDifferentPatternsAreAccepted() {
        Properties p = minimal();
        cookie(p, "ga4", "_ga_*", "analytics");
        cookie(p, "gax", "_ga*", "analytics");
        assertEquals(3, WardenConfigParser.parse(p).cookies().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cookie_warden", "__Host-cookie_warden", "__Secure-cookie_warden", "cookie_*",
            "*warden", "__Host-*", "*_*"})
    void declaringTheConsentCookieFails(String name) {
        failsWith(with("cookie.ga.name", name), "cookie.ga.name", name,
                "a name that does not cover the consent cookie [cookie_warden] (with or without __Host- or "
                        + "__Secure-): Cookie Warden owns it");
    }

    @Test
    void declaringACustomConsentCookieNameFails() {
        failsWith(with("consent.cookie-name", "cw", "cookie.ga.name", "__Host-cw"), "cookie.ga.name", "__Host-cw",
                "the consent cookie [cw]");
        // the default name is then free for the application
        WardenConfigParser.parse(with("consent.cookie-name", "cw", "cookie.ga.name", "cookie_warden"));
    }

    // ---------------------------------------------------------------- reading a file

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String asFile(Properties p) {
        StringBuilder sb = new StringBuilder("# test\n");
        p.stringPropertyNames().stream().sorted()
                .forEach(k -> sb.append(k).append(" = ").append(p.getProperty(k)).append('\n'));
        return sb.toString();
    }

    @Test
    void streamIsReadAsUtf8() throws IOException {
        Properties p = with("category.analytics.label.fr", "Mesure d'audience été");
        WardenConfig c = WardenConfigParser.parse(stream(asFile(p)), "test.properties");
        assertEquals("Mesure d'audience été", c.category("analytics").orElseThrow().labels().get("fr"));
    }

    @Test
    void leadingByteOrderMarkIsSkipped() throws IOException {
        WardenConfig c = WardenConfigParser.parse(stream("\uFEFFpolicy.revision=5\n" + asFile(minimal())
                .replace("# test\n", "")), "bom.properties");
        assertEquals(5, c.policyRevision());
    }

    @Test
    void invalidUtf8FailsNamingTheSource() {
        byte[] latin1 = (asFile(minimal()) + "category.analytics.label.fr=\u00e9t\u00e9\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        IOException e = assertThrows(IOException.class,
                () -> WardenConfigParser.parse(new ByteArrayInputStream(latin1), "/WEB-INF/cookie-warden.properties"));
        assertEquals("Cannot read [/WEB-INF/cookie-warden.properties]: it is not valid UTF-8", e.getMessage());
    }

    @Test
    void malformedEscapeFailsNamingTheSource() {
        IOException e = assertThrows(IOException.class,
                () -> WardenConfigParser.parse(stream("policy.revision=\\u12G4\n"), "x.properties"));
        assertTrue(e.getMessage().startsWith("Cannot read [x.properties]: "), e.getMessage());
    }

    @Test
    void keyWrittenTwiceInAFileFails() {
        ConfigException e = assertThrows(ConfigException.class, () -> WardenConfigParser.parse(
                stream(asFile(minimal()) + "policy.revision=2\npolicy.revision=3\n"), "app.properties"));
        assertEquals("The value [3] of key [policy.revision] is not valid: expected each key set once in "
                + "[app.properties]; it is set more than once", e.getMessage());
        ConfigException k = assertThrows(ConfigException.class, () -> WardenConfigParser.parse(
                stream(asFile(minimal()) + "keys=k1:" + KEY_B64 + "\nkeys=k2:" + KEY_B64 + "\n"), "app.properties"));
        assertEquals("<redacted>", k.value());
        assertFalse(k.getMessage().contains(KEY_B64));
    }

    @Test
    void streamIsNotClosed() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream(asFile(minimal()).getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        WardenConfigParser.parse(in, "x");
        assertFalse(closed.get());
    }

    @Test
    void exactMessageFormats() {
        ConfigException invalid = assertThrows(ConfigException.class,
                () -> WardenConfigParser.parse(with("gpc.honor", "yes")));
        assertEquals("The value [yes] of key [gpc.honor] is not valid: expected true or false", invalid.getMessage());
        ConfigException missing = assertThrows(ConfigException.class,
                () -> WardenConfigParser.parse(with("category.analytics.label.fr", null)));
        assertEquals("The key [category.analytics.label.fr] is missing: expected a label in every language of "
                + "[en, fr], of at most 2000 characters", missing.getMessage());
    }
}
