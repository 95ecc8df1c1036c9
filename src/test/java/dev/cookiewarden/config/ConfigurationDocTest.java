package dev.cookiewarden.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Keeps docs/CONFIGURATION.md and the code's key list ({@link WardenConfigParser#documentedKeys()}) equal. */
class ConfigurationDocTest {
    private static final Path DOC = Path.of(WardenConfigParser.DOCUMENTATION);
    private static final String TABLE_HEADER = "| Key | Default | Meaning |";

    private static List<String> lines() throws IOException {
        return Files.readAllLines(DOC, StandardCharsets.UTF_8);
    }

    /** The key table: key (backticks removed) to the default cell as written. */
    private static Map<String, String> table() throws IOException {
        List<String> lines = lines();
        int header = lines.indexOf(TABLE_HEADER);
        assertTrue(header >= 0, "no line " + TABLE_HEADER + " in " + DOC);
        assertTrue(lines.get(header + 1).matches("\\|(-+\\|){3}"), "no separator row under the header");
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|", -1);
            // "| a | b | c |" splits into "", a, b, c, "": a '|' inside a cell would shift the columns.
            assertEquals(5, cells.length, "a row must have exactly three cells: " + line);
            String key = cells[1].strip();
            assertTrue(key.matches("`[^`]+`"), "the key must be in backticks: " + line);
            assertFalse(cells[3].isBlank(), "no meaning for " + key);
            String previous = rows.put(key.substring(1, key.length() - 1), cells[2].strip());
            assertEquals(null, previous, "listed twice: " + key);
        }
        return rows;
    }

    /** The default as the table must show it: a literal value in backticks, a remark as is. */
    private static String cell(String defaultText) {
        return defaultText.startsWith("(") ? defaultText : "`" + defaultText + "`";
    }

    @Test
    void tableListsExactlyTheKeysTheParserAccepts() throws IOException {
        Map<String, String> documented = table();
        Map<String, String> code = WardenConfigParser.documentedKeys();
        TreeSet<String> onlyInDoc = new TreeSet<>(documented.keySet());
        onlyInDoc.removeAll(code.keySet());
        TreeSet<String> onlyInCode = new TreeSet<>(code.keySet());
        onlyInCode.removeAll(documented.keySet());
        assertTrue(onlyInDoc.isEmpty(), "documented in " + DOC + " but unknown to the parser: " + onlyInDoc);
        assertTrue(onlyInCode.isEmpty(), "accepted by the parser but missing from " + DOC + ": " + onlyInCode);
        assertEquals(new ArrayList<>(code.keySet()), new ArrayList<>(documented.keySet()),
                "the table should list the keys in the code's order");
    }

    @Test
    void tableShowsTheCodesDefaultForEveryKey() throws IOException {
        Map<String, String> documented = table();
        List<String> wrong = new ArrayList<>();
        WardenConfigParser.documentedKeys().forEach((key, defaultText) -> {
            String expected = cell(defaultText);
            if (documented.containsKey(key) && !expected.equals(documented.get(key))) {
                wrong.add(key + ": documented " + documented.get(key) + ", code " + expected);
            }
        });
        assertTrue(wrong.isEmpty(), "defaults differ: " + wrong);
    }

    @Test
    void everyDefaultCellIsALiteralOrARemark() throws IOException {
        for (Map.Entry<String, String> row : table().entrySet()) {
            String d = row.getValue();
            assertTrue(d.matches("`[^`]+`") || d.startsWith("(") && d.endsWith(")"),
                    row.getKey() + " has default " + d);
        }
    }

    /** The example between the ```properties fences. */
    private static String example() throws IOException {
        List<String> lines = lines();
        int start = lines.indexOf("```properties");
        if (start < 0) {
            fail("no ```properties block in " + DOC);
        }
        int end = lines.subList(start + 1, lines.size()).indexOf("```");
        assertTrue(end > 0, "unterminated ```properties block");
        return String.join("\n", lines.subList(start + 1, start + 1 + end)) + "\n";
    }

    @Test
    void exampleFileParses() throws IOException {
        WardenConfig c = WardenConfigParser.parse(
                new ByteArrayInputStream(example().getBytes(StandardCharsets.UTF_8)), DOC + " example");

        assertEquals(List.of("necessary", "preferences", "analytics", "marketing"), Category.ids(c.categories()));
        assertEquals("fr", c.defaultLanguage());
        assertEquals(Optional.of("/politique-cookies"), c.bannerPolicyUrl());
        assertTrue(c.consentMode(), "the example's categories fit Consent Mode's default mapping");
        Category necessary = c.category("necessary").orElseThrow();
        assertTrue(necessary.required());
        assertFalse(necessary.gpcSensitive());
        assertFalse(c.category("preferences").orElseThrow().gpcSensitive());
        assertTrue(c.category("analytics").orElseThrow().gpcSensitive());
        assertTrue(c.category("marketing").orElseThrow().gpcSensitive());
        assertEquals("Cookies strictement nécessaires", necessary.label("fr", "en"));
        assertEquals("Mesure d'audience", c.category("analytics").orElseThrow().label("fr", "en"));

        Map<String, CookieDeclaration> byName = new LinkedHashMap<>();
        c.cookies().forEach(d -> byName.put(d.namePattern(), d));
        assertEquals(List.of("_fbp", "_ga", "_ga_*", "JSESSIONID", "lang"), new ArrayList<>(byName.keySet()),
                "cookies in the order of their keys: fbp, ga, ga-session, jsessionid, lang");
        assertEquals("necessary", byName.get("JSESSIONID").categoryId());
        assertEquals(Optional.empty(), byName.get("JSESSIONID").retention());
        assertEquals("preferences", byName.get("lang").categoryId());
        assertEquals("analytics", byName.get("_ga").categoryId());
        assertTrue(byName.get("_ga_*").isGlob());
        assertEquals("analytics", byName.get("_ga_*").categoryId());
        assertEquals("marketing", byName.get("_fbp").categoryId());
        assertTrue(byName.get("_ga").provider().startsWith("Google"));
        assertTrue(byName.get("_fbp").provider().startsWith("Meta"));
        assertEquals(Optional.of(Period.ofMonths(13)), byName.get("_ga").retention());
        assertEquals("exemple.fr", byName.get("_fbp").domain());
        // Continuation lines are joined without their indentation.
        assertTrue(necessary.description("fr", "en").contains("votre session et votre panier"),
                necessary.description("fr", "en"));
    }

    @Test
    void exampleSetsNoKeyMaterial() throws IOException {
        for (String line : example().split("\n")) {
            assertFalse(line.startsWith("keys"), "the example must not carry a real key: " + line);
        }
    }
}
