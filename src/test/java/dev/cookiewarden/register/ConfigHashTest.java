package dev.cookiewarden.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cookiewarden.banner.Messages;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.config.WardenConfigParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigHashTest {
    private static final String KEY_A = "k1:7q371lbzohhltSuWfsnsals3FAf/kEXjeaaMDfKuGoE=";
    private static final String KEY_B = "k2:NOXAoeDaykuJ+rfMhRZmIgwiKpMLS77SJ+hbLRjTk8k=";
    private static final String TOKEN = "an-admin-token-of-at-least-32-characters!";

    private static ConfigHash hash(String... keyValues) {
        return ConfigHash.of(RegisterFixtures.config(keyValues));
    }

    @Test
    void isSixtyFourLowercaseHexCharactersWithATwelveCharacterShortForm() {
        ConfigHash h = hash();
        assertTrue(h.value().matches("[0-9a-f]{64}"), h.value());
        assertEquals(h.value().substring(0, 12), h.shortValue());
        assertTrue(h.toString().contains(h.value()));
    }

    @Test
    void sameConfigurationParsedTwiceGivesTheSameHash() {
        assertEquals(hash(), hash());
        assertEquals(hash().hashCode(), hash().hashCode());
    }

    @Test
    void sameHashInAFreshJvm() throws IOException, InterruptedException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HashingChild.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue());
        assertEquals(hash().value(), out);
    }

    @Test
    void orderOfThePropertiesDoesNotMatter() {
        Properties shop = RegisterFixtures.shop();
        List<String> names = new ArrayList<>(shop.stringPropertyNames());
        ConfigHash expected = ConfigHash.of(WardenConfigParser.parse(shop));
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            Collections.shuffle(names, random);
            // Differently sized tables iterate in different orders, whatever the insertion order.
            Properties p = new Properties(1 + random.nextInt(200));
            for (String name : names) {
                p.setProperty(name, shop.getProperty(name));
            }
            assertEquals(expected, ConfigHash.of(WardenConfigParser.parse(p)), "round " + round);
        }
    }

    @Test
    void canonicalFormHasSortedKeysAtEveryLevel() throws IOException {
        WardenConfig c = RegisterFixtures.config();
        JsonNode root = new ObjectMapper().readTree(ConfigHash.canonical(c, new Messages(c)));
        assertSorted(root, "$");
        assertEquals(ConfigHash.FORMAT, root.get("format").asText());
    }

    private static void assertSorted(JsonNode node, String where) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                names.add(it.next());
            }
            List<String> sorted = new ArrayList<>(names);
            Collections.sort(sorted);
            assertEquals(sorted, names, "keys of " + where);
            for (String n : names) {
                assertSorted(node.get(n), where + "." + n);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                assertSorted(node.get(i), where + "[" + i + "]");
            }
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "policy.revision|5",
        "policy.effective-date|2026-03-01",
        "category.analytics.label.fr|Statistiques",
        "category.analytics.description.en|Counts visits, differently.",
        "category.analytics.gpc|false",
        "category.preferences.required|true",
        "cookie.ga.purpose.fr|Autre finalit\u00e9",
        "cookie.ga.provider|Google LLC",
        "cookie.ga.retention|P12M",
        "cookie.ga.path|/shop",
        "cookie.ga.domain|example.com",
        "cookie.ga.third-party|false",
        "cookie.ga.name|_ga2",
        "cookie.ga.category|marketing",
        "text.reject-all.fr|Continuer sans accepter",
        "text.policy-title.en|Our cookies",
        "text.basis-consent.fr|votre accord",
        "consent.validity-days|90",
        "consent.cookie-name|consent",
        "banner.policy-url|/cookies",
        "languages|en,fr",
        "language.default|en",
    })
    void changesWhenAnythingShownChanges(String key, String value) {
        assertNotEquals(hash(), hash(key, value), key);
    }

    @Test
    void changesWhenACookieIsAddedOrACategoryRemoved() {
        Properties more = RegisterFixtures.shop();
        RegisterFixtures.cookie(more, "cart", "cart", "necessary", "exemple.fr", "P1D", false);
        assertNotEquals(hash(), ConfigHash.of(WardenConfigParser.parse(more)));

        Properties fewer = RegisterFixtures.shop();
        fewer.setProperty("categories", "necessary,preferences,analytics");
        fewer.stringPropertyNames().stream().filter(k -> k.contains("marketing") || k.startsWith("cookie.fbp."))
                .forEach(fewer::remove);
        assertNotEquals(hash(), ConfigHash.of(WardenConfigParser.parse(fewer)));
    }

    @Test
    void signingKeysDataDirectoryAndAdminSecretsDoNotChangeIt() {
        ConfigHash plain = hash();
        assertEquals(plain, hash("keys", KEY_A));
        assertEquals(plain, hash("keys", KEY_B + "," + KEY_A));
        assertEquals(plain, hash("data-dir", "/var/lib/cookie-warden"));
        assertEquals(plain, hash("admin.token", TOKEN));
        assertEquals(plain, hash("consent-log.store", "jdbc", "consent-log.jdbc.url",
                "jdbc:postgresql://db.internal:5432/shop?password=hunter2", "consent-log.jdbc.user", "shop",
                "consent-log.jdbc.password", "hunter2-secret"));
    }

    @Test
    void canonicalFormCarriesNoSecret() {
        WardenConfig c = RegisterFixtures.config("keys", KEY_A, "admin.token", TOKEN, "consent-log.store", "jdbc",
                "consent-log.jdbc.url", "jdbc:postgresql://db.internal/shop", "consent-log.jdbc.user", "shopuser",
                "consent-log.jdbc.password", "hunter2-secret");
        String canonical = new String(ConfigHash.canonical(c, new Messages(c)), StandardCharsets.UTF_8);
        for (String secret : List.of("7q371lbz", "k1", TOKEN, "hunter2", "db.internal", "shopuser")) {
            assertFalse(canonical.contains(secret), secret + " in " + canonical);
        }
    }

    @Test
    void includesTheEffectiveBannerTextsOfEveryLanguage() throws IOException {
        WardenConfig c = RegisterFixtures.config("text.save.fr", "Valider");
        JsonNode texts = new ObjectMapper().readTree(ConfigHash.canonical(c, new Messages(c))).get("texts");
        assertEquals("Valider", texts.get("fr").get("save").asText());
        assertEquals("Save my choices", texts.get("en").get("save").asText(), "built-in text when not overridden");
        assertEquals("Politique relative aux cookies", texts.get("fr").get("policy-title").asText());
        Map<?, ?> en = new ObjectMapper().convertValue(texts.get("en"), Map.class);
        assertEquals(dev.cookiewarden.config.MessageKey.values().length, en.size());
    }
}
