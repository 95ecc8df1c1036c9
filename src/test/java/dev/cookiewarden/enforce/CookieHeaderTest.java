package dev.cookiewarden.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.enforce.CookieHeader.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CookieHeaderTest {

    private static List<Pair> parse(String... lines) {
        return CookieHeader.parse(Arrays.asList(lines));
    }

    @Test
    void parseWhenBrowserFormThenPairsInOrder() {
        assertEquals(List.of(new Pair("a", "1"), new Pair("b", "2"), new Pair("c", "")), parse("a=1; b=2; c="));
    }

    @Test
    void parseWhenNoSpaceOrExtraSpacesAndTabsThenTheyAreTrimmed() {
        assertEquals(List.of(new Pair("a", "1"), new Pair("b", "2"), new Pair("c d", "3 4")),
                parse("a=1;b=2", " \tc d = 3 4\t"));
    }

    @Test
    void parseWhenValueContainsEqualsThenNameIsBeforeFirstEquals() {
        assertEquals(List.of(new Pair("a", "b=c=")), parse("a=b=c="));
    }

    @Test
    void parseWhenValueIsQuotedThenKeptVerbatimWithQuotes() {
        assertEquals(List.of(new Pair("q", "\"x y\""), new Pair("r", "%41")), parse("q=\"x y\"; r=%41"));
    }

    @Test
    void parseWhenPieceHasNoEqualsOrEmptyNameThenPairIsNameless() {
        List<Pair> pairs = parse("token; =x; =; a=1");
        assertEquals(List.of(new Pair("", "token"), new Pair("", "x"), new Pair("", ""), new Pair("a", "1")), pairs);
        assertTrue(pairs.get(0).isNameless());
        assertFalse(pairs.get(3).isNameless());
    }

    @Test
    void parseWhenEmptyPiecesThenSkipped() {
        assertEquals(List.of(new Pair("a", "1"), new Pair("b", "2")), parse(";a=1;; ;\tb=2;"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ";", " ; \t; "})
    void parseWhenLineHoldsNoPairThenEmpty(String line) {
        assertEquals(List.of(), parse(line));
    }

    @Test
    void parseWhenSeveralLinesThenConcatenatedInOrderAndNullLinesSkipped() {
        assertEquals(List.of(new Pair("a", "1"), new Pair("b", "2"), new Pair("a", "3")),
                parse("a=1", null, "b=2; a=3"));
        assertEquals(List.of(), CookieHeader.parse(List.of()));
    }

    @Test
    void parseWhenNameRepeatsThenEveryPairIsKept() {
        // Browsers send the most specific path first; the filter must see both, not a map.
        assertEquals(List.of(new Pair("id", "deep"), new Pair("id", "root")), parse("id=deep; id=root"));
    }

    @Test
    void parseReturnsUnmodifiableList() {
        List<Pair> pairs = parse("a=1");
        assertThrows(UnsupportedOperationException.class, () -> pairs.add(new Pair("b", "2")));
    }

    @Test
    void parseWhenLineIsExactly8192CharactersThenEveryPairIsRead() {
        String line = "a=1; b=" + "v".repeat(8192 - 7);
        assertEquals(8192, line.length());
        List<Pair> pairs = parse(line);
        assertEquals(2, pairs.size());
        assertEquals(8185, pairs.get(1).value().length());
    }

    @Test
    void parseWhenPairCrossesThe8192CharacterLimitThenThatPairIsDroppedNotTruncated() {
        String line = "a=1; b=" + "v".repeat(8192 - 6) + "; c=3";
        assertEquals(List.of(new Pair("a", "1"), new Pair("d", "4")), parse(line, "d=4"));
    }

    @Test
    void parseWhenSeparatorFallsRightAtTheLimitThenThePairBeforeItIsKept() {
        String line = "a=1; b=" + "v".repeat(8192 - 7) + "; c=3";
        assertEquals(';', line.charAt(8192));
        List<Pair> pairs = parse(line);
        assertEquals(2, pairs.size());
        assertEquals("b", pairs.get(1).name());
    }

    @Test
    void parseWhenSinglePairLongerThanTheLimitThenNothingFromThatLine() {
        assertEquals(List.of(new Pair("b", "2")), parse("a=" + "v".repeat(9000), "b=2"));
    }

    @Test
    void parseWhenMoreThan300PairsOverSeveralLinesThenFirst300Kept() {
        String line = IntStream.range(0, 200).mapToObj(i -> "c" + i + "=" + i).collect(Collectors.joining("; "));
        List<Pair> pairs = parse(line, line.replace("c", "d"), "e=1");
        assertEquals(300, pairs.size());
        assertEquals(new Pair("c0", "0"), pairs.get(0));
        assertEquals(new Pair("d0", "0"), pairs.get(200));
        assertEquals(new Pair("d99", "99"), pairs.get(299));
    }

    @Test
    void formatWritesBrowserForm() {
        assertEquals("a=1; b=\"x y\"; c=", CookieHeader.format(List.of(
                new Pair("a", "1"), new Pair("b", "\"x y\""), new Pair("c", ""))));
    }

    @Test
    void formatWhenNamelessThenBareValueUnlessThatWouldReadBackDifferently() {
        assertEquals("token", CookieHeader.format(List.of(new Pair("", "token"))));
        assertEquals("=a=b", CookieHeader.format(List.of(new Pair("", "a=b"))));
        assertEquals("=", CookieHeader.format(List.of(new Pair("", ""))));
    }

    @Test
    void formatWhenNoPairsThenNullSoTheHeaderIsRemoved() {
        assertNull(CookieHeader.format(List.of()));
    }

    @Test
    void pairRejectsWhatCouldNotBeWrittenBackUnambiguously() {
        assertEquals("Cookie name [a=b] must not contain '=' or ';'",
                assertThrows(IllegalArgumentException.class, () -> new Pair("a=b", "1")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Pair("a;b", "1"));
        assertEquals("Value of cookie [a] must not contain ';'",
                assertThrows(IllegalArgumentException.class, () -> new Pair("a", "1; b=2")).getMessage());
        assertThrows(NullPointerException.class, () -> new Pair(null, "1"));
    }

    @Test
    void pairToStringShowsNameAndValueLengthButNeverTheValue() {
        String s = new Pair("JSESSIONID", "s3cr3t").toString();
        assertTrue(s.contains("JSESSIONID"), s);
        assertTrue(s.contains("6 chars"), s);
        assertFalse(s.contains("s3cr3t"), s);
    }

    private static final String[] FUZZ_PIECES =
            {"a", "b", "=", "=", ";", ";", " ", "\t", "\"", ",", "é", "x y", "\u0000"};

    @Test
    void parseNeverThrowsAndFormatThenParseGivesTheSamePairs() {
        Random random = new Random(6265);
        for (int i = 0; i < 20_000; i++) {
            List<String> lines = new ArrayList<>();
            for (int l = random.nextInt(3); l >= 0; l--) {
                StringBuilder sb = new StringBuilder();
                for (int p = random.nextInt(25); p > 0; p--) {
                    sb.append(FUZZ_PIECES[random.nextInt(FUZZ_PIECES.length)]);
                }
                lines.add(sb.toString());
            }
            List<Pair> pairs = CookieHeader.parse(lines);
            String formatted = CookieHeader.format(pairs);
            if (formatted != null) {
                assertEquals(pairs, parse(formatted), () -> lines + " -> [" + formatted + "]");
            }
        }
    }
}
