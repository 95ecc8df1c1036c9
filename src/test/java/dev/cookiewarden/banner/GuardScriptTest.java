package dev.cookiewarden.banner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cookiewarden.config.CookieDeclaration;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.enforce.CookieClassifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GuardScriptTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode data(GuardScript guard) throws Exception {
        return MAPPER.readTree(guard.json());
    }

    @Test
    void embeddedJsonReadsBackAsTheConfiguration() throws Exception {
        GuardScript guard = GuardScript.of(AssetFixtures.conformance());
        JsonNode d = data(guard);

        List<String> regexes = new ArrayList<>();
        d.get("cookies").forEach(c -> regexes.add(c.get(0).asText()));
        assertEquals(List.of("^deep_pref$", "^_fbp$", "^_ga$", "^lang$", "^JSESSIONID$", "^trk_session$", "^_ga_.*$"),
                regexes, "exact names first, globs last");
        JsonNode deep = d.get("cookies").get(0);
        assertEquals("preferences", deep.get(1).asText());
        assertEquals("/deep", deep.get(2).asText());
        assertEquals(3, deep.size(), "no domain entry for a host-only cookie");
        assertEquals("[\"necessary\"]", d.get("required").toString());
        assertTrue(d.get("blockUndeclared").asBoolean());
        assertEquals("[\"cookie_warden\",\"__Host-cookie_warden\"]", d.get("consent").toString());
        assertTrue(d.get("gpc").asBoolean());
        assertFalse(d.has("report"), "no admin.token: nothing reads the guard's reports");
        assertFalse(d.has("consentMode"), "consent mode is off");
    }

    @Test
    void reportWhenAdminTokenThenTheGuardsRefusalsAreSentToTheInventory() throws Exception {
        JsonNode d = data(GuardScript.of(AssetFixtures.conformanceWith("admin.token", "t".repeat(32))));
        assertTrue(d.get("report").asBoolean());
    }

    @Test
    void theDataReplacesThePlaceholderOnceAndNothingElseChanges() {
        GuardScript guard = GuardScript.of(AssetFixtures.conformance());
        String template = Compactor.js(Assets.resource(GuardScript.TEMPLATE));
        assertFalse(guard.source().contains(GuardScript.PLACEHOLDER));
        assertEquals(template.replace(GuardScript.PLACEHOLDER, guard.json()), guard.source());
        assertEquals(1, template.split(GuardScript.PLACEHOLDER, -1).length - 1);
    }

    @Test
    void domainIsSentWhenDeclared() throws Exception {
        WardenConfig config = AssetFixtures.conformanceWith("cookie.ga.domain", ".Example.org");
        JsonNode ga = null;
        for (JsonNode c : data(GuardScript.of(config)).get("cookies")) {
            if (c.get(0).asText().equals("^_ga$")) {
                ga = c;
            }
        }
        assertEquals("[\"^_ga$\",\"analytics\",\"/\",\"example.org\"]", String.valueOf(ga));
    }

    @Test
    void aCookiePathHoldingAnEndTagCannotEndTheScript() throws Exception {
        String path = "/</script><script>alert(1)</script><!--&amp";
        GuardScript guard = GuardScript.of(AssetFixtures.conformanceWith("cookie.deep.path", path));
        String lower = guard.source().toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("</script"), guard.json());
        assertFalse(lower.contains("<!--"), guard.json());
        assertFalse(guard.json().contains("<") || guard.json().contains(">") || guard.json().contains("&"), guard.json());
        assertEquals(path, data(guard).get("cookies").get(0).get(2).asText(), "read back unchanged");
    }

    @Test
    void lineSeparatorsAndMarkupCharactersAreEscapedAndReadBackUnchanged() throws Exception {
        String nasty = "a\u2028b\u2029c</script><!--&'\"\\";
        String json = GuardScript.toJson(Map.of("x", nasty));
        assertFalse(json.contains("\u2028") || json.contains("\u2029"), json);
        assertFalse(json.contains("<") || json.contains(">") || json.contains("&"), json);
        assertTrue(json.contains("\\u2028") && json.contains("\\u2029"), json);
        assertEquals(nasty, MAPPER.readTree(json).get("x").asText());
    }

    @Test
    void regexEscapesEverySyntaxCharacterAndTurnsStarsIntoAnyRun() {
        assertEquals("^_ga_.*$", GuardScript.regex("_ga_*"));
        assertEquals("^a\\.b\\$c\\^d\\|e\\+f.*$", GuardScript.regex("a.b$c^d|e+f*"));
        assertEquals("^.*x.*.*$", GuardScript.regex("*x**"));
        Pattern p = Pattern.compile(GuardScript.regex("a.b"), Pattern.DOTALL);
        assertFalse(p.matcher("axb").matches(), "a literal dot");
        assertTrue(p.matcher("a.b").matches());
    }

    /**
     * The guard tries each entry's regex in order and takes the first match. Java reads the same
     * regex source the same way, so running that loop here against the server's classifier
     * shows both sides classify every name alike.
     */
    @Test
    void firstMatchingEntryIsTheDeclarationTheServerPicks() {
        Random random = new Random(20240611);
        String alphabet = "ab_.$^|+-*";
        for (int round = 0; round < 400; round++) {
            List<CookieDeclaration> declarations = new ArrayList<>();
            Map<String, String> seen = new LinkedHashMap<>();
            int count = 1 + random.nextInt(6);
            while (seen.size() < count) {
                String pattern = randomString(random, alphabet, 1 + random.nextInt(5));
                if (!pattern.chars().allMatch(c -> c == '*') && !seen.containsKey(pattern)) {
                    String key = "d" + seen.size();
                    seen.put(pattern, key);
                    declarations.add(new CookieDeclaration(key, pattern, key, "p", Map.of("en", "x"),
                            Optional.empty(), "/" + key, null, false));
                }
            }
            CookieClassifier server = new CookieClassifier(declarations);
            List<List<Object>> entries = GuardScript.cookies(declarations);
            for (int n = 0; n < 40; n++) {
                String name = randomString(random, alphabet.replace("*", "") + "\n", random.nextInt(7));
                String expected = server.classify(name).map(CookieDeclaration::categoryId).orElse("(none)");
                String actual = "(none)";
                for (List<Object> e : entries) {
                    if (Pattern.compile((String) e.get(0), Pattern.DOTALL).matcher(name).matches()) {
                        actual = (String) e.get(1);
                        break;
                    }
                }
                assertEquals(expected, actual, "name [" + name + "] against " + seen.keySet());
            }
        }
    }

    private static String randomString(Random random, String alphabet, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    @Test
    void consentModeResolvesEveryGoogleTypeOnce() throws Exception {
        Map<String, String> mapping = new LinkedHashMap<>();
        mapping.put("ad_storage", "marketing");
        mapping.put("analytics_storage", "analytics");
        mapping.put("ad_user_data", "denied");
        mapping.put("functionality_storage", "necessary");
        mapping.put("security_storage", "granted");
        mapping.put("personalization_storage", "preferences");
        GuardScript guard = GuardScript.of(AssetFixtures.conformance(), true, 750, mapping);
        JsonNode cm = data(guard).get("consentMode");
        assertEquals(750, cm.get("wait").asInt());
        assertEquals("{\"ad_storage\":\"marketing\",\"analytics_storage\":\"analytics\",\"ad_user_data\":false,"
                + "\"ad_personalization\":false,\"functionality_storage\":true,\"personalization_storage\":\"preferences\","
                + "\"security_storage\":true}", cm.get("types").toString(),
                "required category and 'granted' are true, 'denied' and unmapped types false");
    }

    @Test
    void consentModeDefaultsFromTheConfigurationAreUsed() throws Exception {
        WardenConfig config = AssetFixtures.conformance();
        JsonNode d = data(GuardScript.of(config, true, config.consentModeWaitMillis(), config.consentModeMapping()));
        JsonNode types = d.get("consentMode").get("types");
        assertEquals(GuardScript.CONSENT_TYPES, iterate(types.fieldNames()));
        assertEquals("marketing", types.get("ad_user_data").asText());
        assertEquals("analytics", types.get("analytics_storage").asText());
        assertEquals("preferences", types.get("functionality_storage").asText());
        assertTrue(types.get("security_storage").asBoolean());
        assertEquals(500, d.get("consentMode").get("wait").asInt());
    }

    private static List<String> iterate(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void aConfigurationChangeChangesTheScript() {
        String before = GuardScript.of(AssetFixtures.conformance()).source();
        String after = GuardScript.of(AssetFixtures.conformanceWith("cookies.undeclared", "allow")).source();
        assertNotEquals(before, after);
        assertEquals(before, GuardScript.of(AssetFixtures.conformance()).source(), "stable for one configuration");
    }
}
