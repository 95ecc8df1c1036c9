package dev.cookiewarden.register;

import static dev.cookiewarden.register.RegisterFixtures.renderer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cookiewarden.config.Category;
import dev.cookiewarden.config.CookieDeclaration;
import dev.cookiewarden.config.WardenConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The register as JSON and CSV: parsed back and compared with the configuration. */
class PolicyRegisterDataTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    // ---------------------------------------------------------------- JSON

    @Test
    void jsonParsesBackAndMatchesTheConfiguration() throws IOException {
        WardenConfig c = RegisterFixtures.config("policy.effective-date", "2026-03-01");
        PolicyRenderer r = renderer(c);
        JsonNode root = MAPPER.readTree(r.json());
        assertEquals(List.of("revision", "effectiveDate", "configHash", "categories"), fields(root));
        assertEquals(4, root.get("revision").asInt());
        assertEquals("2026-03-01", root.get("effectiveDate").asText());
        assertEquals(r.configHash().value(), root.get("configHash").asText());

        JsonNode categories = root.get("categories");
        assertEquals(c.categories().size(), categories.size());
        for (int i = 0; i < c.categories().size(); i++) {
            Category cat = c.categories().get(i);
            JsonNode node = categories.get(i);
            assertEquals(List.of("id", "required", "legalBasis", "label", "description", "cookies"), fields(node));
            assertEquals(cat.id(), node.get("id").asText());
            assertEquals(cat.required(), node.get("required").asBoolean());
            assertEquals(cat.required() ? "strictly-necessary" : "consent", node.get("legalBasis").asText());
            for (String lang : c.languages()) {
                assertEquals(cat.labels().get(lang), node.get("label").get(lang).asText());
                assertEquals(cat.descriptions().get(lang), node.get("description").get(lang).asText());
            }
            List<CookieDeclaration> declared = c.cookies().stream().filter(d -> d.categoryId().equals(cat.id())).toList();
            JsonNode cookies = node.get("cookies");
            int offset = i == 0 ? 1 : 0; // the consent cookie opens the first (required) category
            assertEquals(declared.size() + offset, cookies.size(), cat.id());
            for (int k = 0; k < declared.size(); k++) {
                CookieDeclaration d = declared.get(k);
                JsonNode cookie = cookies.get(k + offset);
                assertEquals(List.of("name", "provider", "purpose", "retention", "thirdParty", "path", "domain"),
                        fields(cookie));
                assertEquals(d.namePattern(), cookie.get("name").asText());
                assertEquals(d.provider(), cookie.get("provider").asText());
                for (String lang : c.languages()) {
                    assertEquals(d.purposes().get(lang), cookie.get("purpose").get(lang).asText());
                }
                assertEquals(d.retention().map(Object::toString).orElse("session"), cookie.get("retention").asText());
                assertEquals(d.thirdParty(), cookie.get("thirdParty").asBoolean());
                assertEquals(d.path(), cookie.get("path").asText());
                assertEquals(d.domain(), cookie.get("domain").isNull() ? null : cookie.get("domain").asText());
            }
        }
        JsonNode consent = categories.get(0).get("cookies").get(0);
        assertEquals("cookie_warden", consent.get("name").asText());
        assertEquals("Ce site", consent.get("provider").asText(), "in the default language");
        assertEquals("P182D", consent.get("retention").asText());
        assertFalse(consent.get("thirdParty").asBoolean());
        assertEquals("/boutique", categories.get(1).get("cookies").get(0).get("path").asText());
        assertEquals("exemple.fr", categories.get(2).get("cookies").get(0).get("domain").asText());
    }

    @Test
    void jsonWithoutEffectiveDateHasNull() throws IOException {
        assertTrue(MAPPER.readTree(renderer().json()).get("effectiveDate").isNull());
    }

    @Test
    void jsonEscapesMarkupCharactersAndKeepsTheirValue() throws IOException {
        String evil = "<script>alert(1)</script> \"q\" & l'\u00e9t\u00e9";
        PolicyRenderer r = renderer("cookie.ga.provider", evil, "category.analytics.label.fr", evil);
        String raw = new String(r.json(), StandardCharsets.UTF_8);
        assertFalse(raw.contains("<") || raw.contains(">") || raw.contains("&") || raw.contains("'"), raw);
        JsonNode analytics = MAPPER.readTree(r.json()).get("categories").get(2);
        assertEquals(evil, analytics.get("label").get("fr").asText());
        assertEquals(evil, analytics.get("cookies").get(0).get("provider").asText());
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ---------------------------------------------------------------- CSV

    private static List<List<String>> csv(PolicyRenderer r, String lang) {
        byte[] bytes = r.csv(lang);
        assertEquals((byte) 0xef, bytes[0]);
        assertEquals((byte) 0xbb, bytes[1]);
        assertEquals((byte) 0xbf, bytes[2]);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertFalse(text.startsWith("\ufeff"), "one byte order mark");
        return CsvReader.read(text);
    }

    @Test
    void csvHasTheHeaderAndOneLinePerCookieInEachLanguage() {
        WardenConfig c = RegisterFixtures.config();
        PolicyRenderer r = renderer(c);
        List<List<String>> fr = csv(r, "fr");
        assertEquals(List.of("category", "legal_basis", "cookie", "provider", "purpose", "retention", "third_party"),
                fr.get(0));
        assertEquals(1 + c.cookies().size() + 1, fr.size());
        fr.forEach(row -> assertEquals(7, row.size(), row.toString()));
        assertEquals(List.of("Cookies strictement n\u00e9cessaires",
                "Cookies strictement n\u00e9cessaires, exempt\u00e9s de consentement (article 82 de la loi Informatique "
                        + "et Libert\u00e9s\u00a0; article 5, paragraphe 3, de la directive 2002/58/CE dite "
                        + "\u00ab\u00a0ePrivacy\u00a0\u00bb)",
                "cookie_warden", "Ce site",
                "Conserve vos choix en mati\u00e8re de cookies, pour qu\u2019ils soient respect\u00e9s sur chaque page.",
                "182 jours", "Interne"), fr.get(1));
        assertEquals(List.of("Mesure d'audience",
                "Votre consentement (RGPD, article 6, paragraphe 1, point a), que vous pouvez retirer \u00e0 tout moment",
                "_ga_*", "Google Ireland Limited", "Finalit\u00e9 de _ga_*", "1 an et 6 mois", "Tiers"), fr.get(5));

        List<List<String>> en = csv(r, "en");
        assertEquals(fr.get(0), en.get(0), "the header is the same in every language");
        assertEquals(List.of("Personalised advertising", "Your consent (GDPR, art. 6(1)(a)), which you can withdraw "
                + "at any time", "_fbp", "Meta Platforms Ireland Limited", "Purpose of _fbp", "3 months", "Third party"),
                en.get(en.size() - 1));
        assertEquals("Session (until you close your browser)", en.get(2).get(5));
    }

    @Test
    void csvRoundTripsQuotesCommasAndLineBreaks() {
        String tricky = "Line one, with \"quotes\"\r\nline two\nthree";
        PolicyRenderer r = renderer("cookie.fbp.purpose.en", tricky, "cookie.fbp.provider", "Meta, Inc.");
        List<String> last = csv(r, "en").get(6);
        assertEquals("Meta, Inc.", last.get(3));
        assertEquals(tricky, last.get(4));
    }

    @Test
    void csvDefendsAgainstFormulaInjection() {
        PolicyRenderer r = renderer(
                "category.marketing.label.en", "=HYPERLINK(\"https://evil.example\",\"click\")",
                "cookie.fbp.provider", "+33 1 23 45 67 89",
                "cookie.fbp.purpose.en", "@SUM(1+1)*cmd|' /C calc'!A0",
                "cookie.ga.purpose.en", "-2+3",
                "cookie.lang.purpose.en", "=1+1");
        List<List<String>> en = csv(r, "en");
        List<String> fbp = en.get(6);
        assertEquals("'=HYPERLINK(\"https://evil.example\",\"click\")", fbp.get(0));
        assertEquals("'+33 1 23 45 67 89", fbp.get(3));
        assertEquals("'@SUM(1+1)*cmd|' /C calc'!A0", fbp.get(4));
        assertEquals("'-2+3", en.get(4).get(4));
        assertEquals("'=1+1", en.get(3).get(4));
        for (List<String> row : en) {
            for (String field : row) {
                assertFalse(!field.isEmpty() && "=+-@\t\r".indexOf(field.charAt(0)) >= 0, field);
            }
        }
    }

    @Test
    void csvLineForACategoryWithoutCookiesCarriesItsDescription() {
        java.util.Properties p = RegisterFixtures.shop();
        p.stringPropertyNames().stream().filter(k -> k.startsWith("cookie.fbp.")).forEach(p::remove);
        List<List<String>> en = csv(renderer(dev.cookiewarden.config.WardenConfigParser.parse(p)), "en");
        assertEquals(List.of("Personalised advertising", "Your consent (GDPR, art. 6(1)(a)), which you can withdraw "
                + "at any time", "", "", "Description of Personalised advertising", "", ""), en.get(en.size() - 1));
    }
}
