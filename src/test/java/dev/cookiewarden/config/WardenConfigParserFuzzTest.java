package dev.cookiewarden.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random values for every key: the parser either accepts them or throws a {@link ConfigException}
 * in the documented format, never anything else, and never shows the value of {@code keys}.
 */
class WardenConfigParserFuzzTest {
    private static final String ALPHABET = "aAz09_-.:,;*/+= \t\\#!é€\u0000\uFEFF";
    private static final String[] SEEDS = {"true", "false", "1", "0", "400", "401", "en", "fr", "en,fr", "P1Y",
            "session", "/", "/x", "_ga", "*", "cookie_warden", "__Host-x", "analytics", "necessary",
            "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", "granted", "denied", "marketing", "500",
            "https://example.fr/cookies", "//evil.example", "<script>", ""};

    private static Properties base() {
        Properties p = new Properties();
        p.setProperty("categories", "necessary,analytics");
        p.setProperty("category.necessary.required", "true");
        for (String id : List.of("necessary", "analytics")) {
            for (String lang : List.of("en", "fr")) {
                p.setProperty("category." + id + ".label." + lang, "label");
                p.setProperty("category." + id + ".description." + lang, "description");
            }
        }
        p.setProperty("cookie.ga.name", "_ga");
        p.setProperty("cookie.ga.category", "analytics");
        p.setProperty("cookie.ga.provider", "Google");
        p.setProperty("cookie.ga.purpose.en", "Counts");
        p.setProperty("cookie.ga.purpose.fr", "Compte");
        p.setProperty("cookie.ga.retention", "P13M");
        return p;
    }

    private static List<String> concreteKeys() {
        List<String> keys = new ArrayList<>();
        for (ConfigKey k : ConfigKey.values()) {
            String owner = k.isCategoryKey() ? "analytics" : k.isTextKey() ? "banner-title" : "ga";
            keys.add(k.isPerLanguage() ? k.of(owner, "fr") : k.isCategoryKey() || k.isCookieKey() ? k.of(owner) : k.pattern());
        }
        keys.add("category.necessary.gpc");
        keys.add("cookie.zz.name");
        keys.add("unknown.key");
        keys.add("text.nonsense.fr");
        keys.add("text.save.de");
        return keys;
    }

    @Test
    void randomValuesAreAcceptedOrRejectedWithAConfigException() {
        Random random = new Random(42);
        List<String> keys = concreteKeys();
        for (int i = 0; i < 5_000; i++) {
            Properties p = base();
            int changes = 1 + random.nextInt(3);
            for (int c = 0; c < changes; c++) {
                p.setProperty(keys.get(random.nextInt(keys.size())), value(random));
            }
            try {
                WardenConfigParser.parse(p);
            } catch (ConfigException e) {
                String m = e.getMessage();
                assertTrue(m.startsWith("The key [") || m.startsWith("The value ["), m);
                assertTrue(m.contains("[" + e.key() + "]"), m);
                assertTrue(m.contains(": expected "), m);
                if (e.key().equals("keys") && e.value() != null) {
                    assertTrue(e.value().matches("<[a-z ]+[0-9]*>|[A-Za-z0-9_-]{1,16}:<redacted>"), e.value());
                }
            } catch (RuntimeException e) {
                fail("unexpected " + e + " for " + p, e);
            }
        }
    }

    private static String value(Random random) {
        if (random.nextBoolean()) {
            String seed = SEEDS[random.nextInt(SEEDS.length)];
            return random.nextInt(4) == 0 ? seed + ALPHABET.charAt(random.nextInt(ALPHABET.length())) : seed;
        }
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
