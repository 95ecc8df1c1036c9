package dev.cookiewarden.banner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesTheFiveSpecialCharacters() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;",
                Html.escape("<script>alert(\"x\" & 'y')</script>"));
    }

    @Test
    void nonAsciiBecomesDecimalReferences() {
        assertEquals("caf&#233; &#171;&#160;Tout accepter&#160;&#187;", Html.escape("caf\u00e9 \u00ab\u00a0Tout accepter\u00a0\u00bb"));
    }

    @Test
    void surrogatePairIsOneCodePointReference() {
        assertEquals("&#128512;", Html.escape("\uD83D\uDE00"));
        assertEquals("a&#127850;b", Html.escape("a\uD83C\uDF6Ab"));
    }

    @Test
    void loneSurrogateBecomesReplacementCharacter() {
        assertEquals("&#65533;x&#65533;", Html.escape("\uD83Dx\uDE00"));
        assertEquals("&#65533;", Html.escape("\uD83D"));
    }

    @Test
    void controlCharactersAreDroppedButWhitespaceKept() {
        assertEquals("ab\tc\nd\re", Html.escape("a\u0000b\tc\nd\re\u0007"));
        // A reference to 128..159 would be read as windows-1252 (&#128; is the euro sign): dropped.
        assertEquals("xy", Html.escape("x\u0080\u009f\u007fy"));
        assertEquals("&#8364;", Html.escape("\u20ac"));
    }

    @Test
    void keepingTextEscapesTheSameFiveAndKeepsEveryOtherCharacter() {
        StringBuilder out = new StringBuilder();
        Html.escapeKeepingText(out, "<b a='1'>\"x\" & caf\u00e9 \u00ab\u00a0Tout\u00a0\u00bb \u20ac \uD83D\uDE00</b>");
        assertEquals("&lt;b a=&#39;1&#39;&gt;&quot;x&quot; &amp; caf\u00e9 \u00ab\u00a0Tout\u00a0\u00bb \u20ac \uD83D\uDE00&lt;/b&gt;",
                out.toString());
    }

    @Test
    void keepingTextDropsControlsAndReplacesLoneSurrogatesAsEscapeDoes() {
        StringBuilder out = new StringBuilder();
        Html.escapeKeepingText(out, "a\u0000b\tc\nd\re\u0007x\u0080\u009f\u007fy\uD83Dz\uDE00");
        assertEquals("ab\tc\nd\rexy\uFFFDz\uFFFD", out.toString());
    }

    @Test
    void queryValueIsUrlEncodedThenEscaped() {
        assertEquals("%2Fshop%3Fa%3D1%26b%3D%C3%A9", Html.queryValue("/shop?a=1&b=\u00e9"));
        assertEquals("%22%3E%3Cscript%3E", Html.queryValue("\"><script>"));
    }

    /**
     * Whatever the input, the output is ASCII, and an HTML parser reads the input back; likewise
     * from the form that keeps the text, never longer.
     */
    @Test
    void randomTextRoundTripsThroughAnHtmlParserAsAscii() {
        Random random = new Random(7);
        String alphabet = "<>&\"' aZ9\u00e9\u00a0\u20ac\uD83D\uDE00\n\t=/;#";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(20);
            for (int j = 0; j < n; j++) {
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                if (Character.isLowSurrogate(c)) {
                    continue; // alone it is not text: escape() replaces it, as tested above
                }
                sb.append(c);
                if (Character.isHighSurrogate(c)) {
                    sb.append('\uDE00');
                }
            }
            String text = sb.toString();
            String escaped = Html.escape(text);
            assertTrue(Html.isAscii(escaped), escaped);
            assertReadBack(text, escaped);
            StringBuilder kept = new StringBuilder();
            Html.escapeKeepingText(kept, text);
            assertReadBack(text, kept.toString());
            assertTrue(kept.length() <= escaped.length(), kept + " against " + escaped);
        }
    }

    private static void assertReadBack(String text, String escaped) {
        Element p = Jsoup.parseBodyFragment("<p title=\"" + escaped + "\">" + escaped + "</p>").selectFirst("p");
        assertEquals(text, p.attr("title"), escaped);
        assertEquals(text, p.wholeText(), escaped);
        assertFalse(escaped.contains("<"));
    }
}
