package dev.cookiewarden.banner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CompactorTest {

    @Test
    void jsDropsCommentLinesAndIndentationButKeepsLineBreaks() {
        String source = "/* Header\n   more header */\n(() => {\n  // why\n  const a = 1;\n\n    return a\n  /* one line */\n})();\n";
        assertEquals("(() => {\nconst a = 1;\nreturn a\n})();\n", Compactor.js(source));
    }

    @Test
    void jsKeepsWhatOnlyLooksLikeACommentInsideALine() {
        String source = "const u = 'https://example.org/*x*/';\nconst r = /;\\s*a/;\n";
        assertEquals(source, Compactor.js(source));
    }

    @Test
    void jsRefusesCodeAfterABlockCommentAndAnUnclosedOne() {
        assertThrows(IllegalArgumentException.class, () -> Compactor.js("/* a */ code();\n"));
        assertThrows(IllegalArgumentException.class, () -> Compactor.js("/* a\n b */ code();\n"));
        assertThrows(IllegalArgumentException.class, () -> Compactor.js("/* a\ncode();\n"));
    }

    @Test
    void cssDropsCommentsAndJoinsLinesWhereTheBreakMeansNothing() {
        String source = "/* theme */\n.cw{--a:1;\n--b:2}\n.cw .x{background:radial-gradient(red 1%,blue 2%)\n0/1rem no-repeat}\n"
                + ".cw p,\n.cw a{margin:0\n}\n@media (x){.cw{a:b}}\n";
        assertEquals(".cw{--a:1;--b:2}.cw .x{background:radial-gradient(red 1%,blue 2%) 0/1rem no-repeat}"
                + ".cw p,.cw a{margin:0}@media (x){.cw{a:b}}\n", Compactor.css(source));
    }

    @Test
    void cssRefusesAnUnclosedComment() {
        assertThrows(IllegalArgumentException.class, () -> Compactor.css(".cw{}/* open\n"));
    }
}
