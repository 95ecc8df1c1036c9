package dev.cookiewarden.banner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CompactorTest {

    // ---------------------------------------------------------------- JavaScript

    @Test
    void jsDropsCommentsWhitespaceAndLineBreaks() {
        String source = "/* Header\n   more header */\n(() => {\n  // why\n  const a = 1; // trailing\n\n"
                + "  return a /* inline */ + 2;\n})();\n";
        assertEquals("(()=>{const a=1;return a+2;})();\n", Compactor.js(source));
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "let  x = y;| let x=y;",
        "a - -b;| a- -b;",
        "a + +b;| a+ +b;",
        "a + ++b;| a+ ++b;",
        "a - --b;| a- --b;",
        "a++ + b;| a++ +b;",
        "x = 1 .toString();| x=1 .toString();",
        "x = a . b;| x=a.b;",
        "if (a) return b;| if(a)return b;",
        "x = typeof y == 'z';| x=typeof y=='z';",
        "const é = 1, $a = é;| const é=1,$a=é;",
    })
    void jsKeepsOneSpaceWhereTwoTokensWouldMerge(String source, String expected) {
        assertEquals(expected.strip() + "\n", Compactor.js(source.strip()));
    }

    @Test
    void jsCopiesStringsAndRegularExpressionsAsTheyAre() {
        String source = "const u = 'https://example.org/*x*/ // y', v = \"a  b\\\" // c\", w = 'it\\'s  /*';\n"
                + "const r = /;\\s*(max-age|expires)\\s*=([^;]*)/gi, s = /[/ ]'\"/.test(u) ? /a b/ : x;\n"
                + "f(/ +/g, /\\/ \\//);\nreturn /  /.source;\n";
        String out = Compactor.js(source);
        for (String literal : List.of("'https://example.org/*x*/ // y'", "\"a  b\\\" // c\"", "'it\\'s  /*'",
                "/;\\s*(max-age|expires)\\s*=([^;]*)/gi", "/[/ ]'\"/", "/a b/", "/ +/g", "/\\/ \\//", "/  /")) {
            assertTrue(out.contains(literal), literal + " in " + out);
        }
    }

    @Test
    void jsTellsDivisionFromARegularExpressionByWhatComesBefore() {
        assertEquals("x=a / b / c;\n".replace(" ", ""), Compactor.js("x = a / b / c;"));
        assertEquals("x=a[1] / 2;\n".replace(" ", ""), Compactor.js("x = a[1] / 2;"));
        assertEquals("x=y?/a b/:0;\n", Compactor.js("x = y ? /a b/ : 0;"));
        assertEquals("return/a b/;\n", Compactor.js("return /a b/;"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "x = `template`;",
        "x = (a) / b;",
        "if (a) /b/.test(c);",
        "{} /b/.test(c);",
        "x = a++ / 2;",
        "x = 'open;",
        "x = 'line\nbreak';",
        "x = /open;",
        "x = /a\nb/;",
        "/* unclosed",
        "x = 1 <!-- y;",
        "return\nx;",
        "throw\nx;",
        "a\n++b;",
        "a\n--b;",
        "x = 1\ny = 2;",
        "f()\ng();",
        "a = b\n'use strict';",
        "async\nfunction f() {}",
        "x = /a/\nf();",
    })
    void jsRefusesWhatItCannotCompactSafely(String source) {
        assertThrows(IllegalArgumentException.class, () -> Compactor.js(source));
    }

    @Test
    void jsJoinsLinesThatContinueAStatement() {
        String source = "load(url)\n  .then(r => r.text())\n  .catch(e => {\n    f(e);\n  });\nx = a ||\n  b;\n"
                + "y = [\n  1,\n  2\n];\nif (a) {\n  b();\n} else c();\n";
        assertEquals("load(url).then(r=>r.text()).catch(e=>{f(e);});x=a||b;y=[1,2];if(a){b();}else c();\n",
                Compactor.js(source));
    }

    /** Whatever the whitespace and comments, the tokens stay the same: compacting twice changes nothing more. */
    @Test
    void jsIsIdempotentAndOnlyRemovesSpaceAndComments() {
        String served = Compactor.js(Assets.resource(GuardScript.TEMPLATE));
        assertEquals(served, Compactor.js(served));
        String source = Assets.resource(GuardScript.TEMPLATE);
        assertEquals(nonSpace(stripComments(source)), nonSpace(served));
    }

    /** The source's comments, in the forms it uses: whole lines and a block at the top. */
    private static String stripComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
    }

    private static String nonSpace(String s) {
        return s.replaceAll("\\s+", "");
    }

    // ---------------------------------------------------------------- CSS

    @Test
    void cssDropsCommentsAndSpaceThatMeansNothing() {
        String source = "/* theme */\n.cw {\n  --a: 1;\n  --b: 2;\n}\n.cw .x { background: radial-gradient(red 1%, blue 2%)\n"
                + "  0/1rem no-repeat; }\n.cw p,\n.cw a { margin: 0 !important }\n@media (max-width: 40rem) { .cw { a: b } }\n"
                + "#cw-root > * { b: c }\n.cw .a ~ .b { c: d }\n";
        assertEquals(".cw{--a:1;--b:2}.cw .x{background:radial-gradient(red 1%,blue 2%) 0/1rem no-repeat}"
                + ".cw p,.cw a{margin:0!important}@media (max-width:40rem){.cw{a:b}}#cw-root>*{b:c}.cw .a~.b{c:d}\n",
                Compactor.css(source));
    }

    @Test
    void cssKeepsTheSpaceThatIsACombinatorOrAnOperator() {
        assertEquals(".cw :focus-visible{x:y}.cw :is(h1,h2){x:y}\n", Compactor.css(".cw :focus-visible { x: y }\n"
                + ".cw :is(h1, h2) { x: y }\n"));
        assertEquals(".cw *{w:calc(100% - 2rem);m:min(40rem,100% - 2rem)}\n",
                Compactor.css(".cw * { w: calc(100% - 2rem); m: min(40rem, 100% - 2rem) }"));
        assertEquals("@media screen and (x:y){a{b:c}}\n", Compactor.css("@media screen and (x: y) { a { b: c } }"));
    }

    @Test
    void cssCopiesStringsAsTheyAre() {
        assertEquals(".cw a::after{content:\" ; { } \\\" \"}\n", Compactor.css(".cw a::after { content: \" ; { } \\\" \" }"));
    }

    @Test
    void cssRefusesAnUnclosedCommentOrString() {
        assertThrows(IllegalArgumentException.class, () -> Compactor.css(".cw{}/* open\n"));
        assertThrows(IllegalArgumentException.class, () -> Compactor.css(".cw{content:\"open}\n"));
        assertThrows(IllegalArgumentException.class, () -> Compactor.css(".sm\\: .cw{}"));
    }

    /** Random spacing around the real stylesheets' tokens compacts to the same bytes. */
    @Test
    void cssIgnoresHowTheSourceIsSpaced() {
        for (String name : List.of("cw.css", "cw-prefs.css")) {
            String served = Compactor.css(Assets.resource(name));
            assertEquals(served, Compactor.css(served), "idempotent");
            Random random = new Random(name.hashCode());
            List<String> variants = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                StringBuilder b = new StringBuilder();
                for (char c : served.toCharArray()) {
                    boolean around = "{};,>~".indexOf(c) >= 0;
                    if (around && random.nextBoolean()) {
                        b.append(random.nextBoolean() ? "\n  " : " ");
                    }
                    b.append(c);
                    if ((around || c == ':') && random.nextBoolean()) {
                        b.append(random.nextBoolean() ? "\n" : "  ");
                    }
                }
                variants.add(b.toString());
            }
            for (String variant : variants) {
                assertEquals(served, Compactor.css(variant), variant);
            }
        }
    }
}
