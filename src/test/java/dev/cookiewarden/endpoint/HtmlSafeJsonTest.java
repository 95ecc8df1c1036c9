package dev.cookiewarden.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HtmlSafeJsonTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private static String write(Object value) throws JsonProcessingException {
        return HtmlSafeJson.writer().writeValueAsString(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {"<|\\u003c", ">|\\u003e", "&|\\u0026", "'|\\u0027"})
    void writeWhenHtmlSignificantCharacterThenUnicodeEscape(String character, String escape) throws JsonProcessingException {
        String json = write(character);
        // Jackson writes the hex digits in upper case; either case means the same to a parser.
        assertEquals("\"" + escape + "\"", json.toLowerCase(Locale.ROOT));
    }

    @Test
    void writeWhenScriptBreakoutInMessageThenNoRawHtmlCharacterInOutput() throws JsonProcessingException {
        String json = write(Map.of("error", "The value [</script><img src=x onerror='a&b'>] is not valid"));
        for (char c : new char[] {'<', '>', '&', '\''}) {
            assertFalse(json.indexOf(c) >= 0, () -> "raw " + c + " in " + json);
        }
    }

    @Test
    void writeWhenHtmlCharacterInFieldNameThenEscapedToo() throws JsonProcessingException {
        String json = write(Map.of("<k>", "v"));
        assertFalse(json.contains("<") || json.contains(">"), json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"</script><script>alert('x')</script>", "a & b", "\"quoted\" \\ back", "caf\u00e9 \u20ac \ud83c\udf6a",
            "line\nbreak\ttab\u0000nul", "\u2028\u2029", "plain"})
    void writeThenJacksonReadsBackTheSameString(String text) throws JsonProcessingException {
        String json = write(Map.of("message", text));
        assertEquals(Map.of("message", text), PLAIN.readValue(json, Map.class));
    }

    @Test
    void writeWhenNothingToEscapeThenSameAsPlainJackson() throws JsonProcessingException {
        Map<String, Object> value = Map.of("granted", List.of("analytics"), "revision", 3);
        assertEquals(PLAIN.readTree(PLAIN.writeValueAsString(value)), PLAIN.readTree(write(value)));
        assertEquals("\"analytics\"", write("analytics"));
    }
}
