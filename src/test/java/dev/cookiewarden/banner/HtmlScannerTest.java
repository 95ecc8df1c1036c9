package dev.cookiewarden.banner;

import static dev.cookiewarden.banner.Injections.inject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where the snippets go, page by page. Every case runs through the writer and the stream, whole
 * and one unit at a time, and is checked against the test reference too (see
 * {@link Injections#inject}); {@code [H]} and {@code [B]} stand for the head and body snippets.
 */
class HtmlScannerTest {

    // ---- the two tags ----

    @Test
    void injectWhenPlainPageThenAfterHeadAndBodyStartTags() {
        assertEquals("<!DOCTYPE html><html><head>[H]<title>t</title></head><body>[B]<p>x</p></body></html>",
                inject("<!DOCTYPE html><html><head><title>t</title></head><body><p>x</p></body></html>"));
    }

    @Test
    void injectWhenTagsUpperCaseThenFound() {
        assertEquals("<HTML><HEAD>[H]</HEAD><BODY>[B]</BODY></HTML>", inject("<HTML><HEAD></HEAD><BODY></BODY></HTML>"));
    }

    @Test
    void injectWhenMixedCaseWithAttributesThenAfterTheClosingGreaterThan() {
        assertEquals("<hEaD lang=en>[H]<Body class=\"x\">[B]", inject("<hEaD lang=en><Body class=\"x\">"));
    }

    @Test
    void injectWhenNameOnlyStartsWithHeadOrBodyThenOtherTag() {
        assertEquals("<header></header><heading><bodyx><body-part><tbody><head>[H]<body>[B]",
                inject("<header></header><heading><bodyx><body-part><tbody><head><body>"));
    }

    @Test
    void injectWhenBodySelfClosingThenAfterSlashGreaterThan() {
        assertEquals("<head/>[H]<body/>[B]<p>", inject("<head/><body/><p>"));
    }

    @Test
    void injectWhenBodyAttributesSpanLinesThenAfterClosingGreaterThan() {
        assertEquals("<body\n class=a>[B]x", inject("<body\n class=a>x"));
        assertEquals("<body\r\n\tclass=a\f/ >[B]", inject("<body\r\n\tclass=a\f/ >"));
    }

    @Test
    void injectWhenBodyHasManyAttributeFormsThenAfterItsEnd() {
        assertEquals("<body a b=c d = 'e' f=\"g\" h=>[B]", inject("<body a b=c d = 'e' f=\"g\" h=>"));
        assertEquals("<body =x/a=\"b\"c>[B]", inject("<body =x/a=\"b\"c>"));
    }

    @Test
    void injectWhenOnlyEndTagsThenNothing() {
        assertEquals("</head></body></html>", inject("</head></body></html>"));
        assertEquals("</body class=\"<body>\">", inject("</body class=\"<body>\">"));
    }

    @Test
    void injectWhenNoBodyThenHeadOnly() {
        assertEquals("<html><head>[H]<title>x</title></head><p>text</p></html>",
                inject("<html><head><title>x</title></head><p>text</p></html>"));
    }

    @Test
    void injectWhenNoHeadThenBodyOnly() {
        assertEquals("<!doctype html><title>x</title><body>[B]text", inject("<!doctype html><title>x</title><body>text"));
    }

    @Test
    void injectWhenNeitherThenPageUnchanged() {
        assertEquals("<div>fragment</div>", inject("<div>fragment</div>"));
        assertEquals("", inject(""));
    }

    @Test
    void injectWhenBodyBeforeHeadThenHeadNotInjected() {
        assertEquals("<body>[B]<head></head>", inject("<body><head></head>"));
    }

    @Test
    void injectWhenTwoHeadsThenFirstOnly() {
        assertEquals("<head>[H]</head><head></head><body>[B]", inject("<head></head><head></head><body>"));
    }

    @Test
    void injectWhenTwoBodiesThenFirstOnly() {
        assertEquals("<body>[B]<body>", inject("<body><body>"));
    }

    @Test
    void injectWhenByteOrderMarkAtStartThenTagsStillFound() {
        assertEquals("\uFEFF<!DOCTYPE html><head>[H]<body>[B]", inject("\uFEFF<!DOCTYPE html><head><body>"));
    }

    // ---- comments and other markup declarations ----

    @Test
    void injectWhenTagsInsideCommentThenSkipped() {
        assertEquals("<!-- <head> <body> --><head>[H]<body>[B]", inject("<!-- <head> <body> --><head><body>"));
    }

    @Test
    void injectWhenEmptyCommentsThenClosedWhereBrowsersCloseThem() {
        assertEquals("<!----><body>[B]", inject("<!----><body>"));
        assertEquals("<!--><body>[B]", inject("<!--><body>"));
        assertEquals("<!---><body>[B]", inject("<!---><body>"));
        assertEquals("<!-----><body>[B]", inject("<!-----><body>"));
    }

    @Test
    void injectWhenCommentEndsWithBangThenClosed() {
        assertEquals("<!-- x --!><body>[B]", inject("<!-- x --!><body>"));
    }

    @Test
    void injectWhenCommentHasFalseEndsThenStillOpen() {
        assertEquals("<!-- a -- b -- > -!> - -> <body> --><body>[B]", inject("<!-- a -- b -- > -!> - -> <body> --><body>"));
        assertEquals("<!-- --!- <body> --><body>[B]", inject("<!-- --!- <body> --><body>"));
        assertEquals("<!--!><body> --><body>[B]", inject("<!--!><body> --><body>"));
    }

    @Test
    void injectWhenCommentLooksNestedThenFirstEndClosesIt() {
        assertEquals("<!-- <!-- --><body>[B]-->", inject("<!-- <!-- --><body>-->"));
        assertEquals("<!-- <!--><body>[B]", inject("<!-- <!--><body>"));
    }

    @Test
    void injectWhenCommentNeverEndsThenNothing() {
        assertEquals("<head>[H]<!-- <body>", inject("<head><!-- <body>"));
    }

    @Test
    void injectWhenDoctypeThenSkippedToItsGreaterThan() {
        assertEquals("<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><head>[H]",
                inject("<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><head>"));
    }

    @Test
    void injectWhenBogusCommentsThenEndAtFirstGreaterThan() {
        assertEquals("<?xml version=\"1.0\"?><! <body ><?pi <body ?></ <body ><body>[B]",
                inject("<?xml version=\"1.0\"?><! <body ><?pi <body ?></ <body ><body>"));
        // A bogus comment ends at the first ">" even inside quotes, as in browsers.
        assertEquals("<!x \"a>\" <body>[B]", inject("<!x \"a>\" <body>"));
        assertEquals("</><body>[B]", inject("</><body>"));
    }

    @Test
    void injectWhenCdataSectionThenSkippedToBrackets() {
        assertEquals("<![CDATA[ <body> ]]><body>[B]", inject("<![CDATA[ <body> ]]><body>"));
        assertEquals("<![CDATA[ a ]> ]] > <body> ]]]><body>[B]", inject("<![CDATA[ a ]> ]] > <body> ]]]><body>"));
        // Lower case is not CDATA: a bogus comment, over at the first ">".
        assertEquals("<![cdata[ x > <body>[B]", inject("<![cdata[ x > <body>"));
    }

    // ---- raw text ----

    @Test
    void injectWhenScriptContainsTagsThenSkipped() {
        assertEquals("<head>[H]<script>var s = \"<body>\", h = '<head>';</script><body>[B]",
                inject("<head><script>var s = \"<body>\", h = '<head>';</script><body>"));
    }

    @Test
    void injectWhenScriptEndTagSplitInTheSourceThenNotAnEndTag() {
        assertEquals("<script>document.write(\"</scr\" + \"ipt><body>\")</script><body>[B]",
                inject("<script>document.write(\"</scr\" + \"ipt><body>\")</script><body>"));
    }

    @Test
    void injectWhenEndTagInsideJavaScriptCommentOrStringThenScriptEndsThere() {
        // The tokenizer knows nothing of JavaScript: what follows is markup, as in browsers.
        assertEquals("<script>/* \"</script>\" */ var s = \"<body>[B]\";</script><body>",
                inject("<script>/* \"</script>\" */ var s = \"<body>\";</script><body>"));
    }

    @Test
    void injectWhenScriptEndTagHasSpaceSlashOrCaseThenStillEnds() {
        assertEquals("<script>x</script ><body>[B]", inject("<script>x</script ><body>"));
        assertEquals("<script>x</SCRIPT\n><body>[B]", inject("<script>x</SCRIPT\n><body>"));
        assertEquals("<script>x</Script/><body>[B]", inject("<script>x</Script/><body>"));
        assertEquals("<script>x</script a=\">\" b='<body>'><body>[B]", inject("<script>x</script a=\">\" b='<body>'><body>"));
    }

    @Test
    void injectWhenScriptEndTagNameContinuesThenNotAnEndTag() {
        assertEquals("<script></scripts><body></script-x><body></script\"><body></script><body>[B]",
                inject("<script></scripts><body></script-x><body></script\"><body></script><body>"));
    }

    @Test
    void injectWhenNonAsciiLetterFoldsToAsciiThenNotAnEndTag() {
        // U+017F (long s) upper-cases to "S", U+212A (Kelvin) lower-cases to "k": neither is ASCII.
        assertEquals("<script></\u017Fcript><body></script><body>[B]", inject("<script></\u017Fcript><body></script><body>"));
        assertEquals("<\u017Fcript><body>[B]", inject("<\u017Fcript><body>"));
    }

    @Test
    void injectWhenOldStyleCommentedScriptWritesScriptThenBodyInsideIsScript() {
        String page = "<script><!--\ndocument.write(\"<script src=a.js></script><body>\");\n//--></script><body>";
        assertEquals(page + "[B]", inject(page));
    }

    @Test
    void injectWhenCommentedScriptEndsInsideEscapeThenScriptEnds() {
        // Inside "<!--" a plain "</script>" still ends the script: only a nested "<script>" hides it.
        assertEquals("<script><!-- x </script><body>[B] -->", inject("<script><!-- x </script><body> -->"));
        assertEquals("<script><!--><script></script><body>[B]", inject("<script><!--><script></script><body>"));
        assertEquals("<script><!-- <script> --> </script><body>[B]", inject("<script><!-- <script> --> </script><body>"));
        assertEquals("<script><!-- <scripts> </script><body>[B]", inject("<script><!-- <scripts> </script><body>"));
        assertEquals("<script><!-- <script> </script> <body> </script><body>[B]",
                inject("<script><!-- <script> </script> <body> </script><body>"));
    }

    @Test
    void injectWhenStyleContainsTagsThenSkipped() {
        assertEquals("<style>p::before { content: \"<body>\" } /* </styles> </style\" */</style><body>[B]",
                inject("<style>p::before { content: \"<body>\" } /* </styles> </style\" */</style><body>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"textarea", "title", "style", "xmp", "iframe", "noembed", "noframes", "TITLE", "TextArea"})
    void injectWhenRawTextElementContainsBodyThenSkippedToItsEndTag(String name) {
        String page = "<" + name + " a=1><head><body><!-- </" + name + "x></" + name + "><body>";
        assertEquals(page + "[B]", inject(page));
    }

    @Test
    void injectWhenRawTextEndTagIsAnotherElementsThenStillRawText() {
        assertEquals("<title></textarea><body></title><body>[B]", inject("<title></textarea><body></title><body>"));
    }

    @Test
    void injectWhenRawTextNeverEndsThenNothing() {
        assertEquals("<textarea><body>", inject("<textarea><body>"));
        assertEquals("<script><body>", inject("<script><body>"));
    }

    @Test
    void injectWhenNoscriptThenReadAsMarkup() {
        assertEquals("<noscript><body>[B]</noscript>", inject("<noscript><body></noscript>"));
    }

    @Test
    void injectWhenPlaintextThenNothingAfterIt() {
        assertEquals("<head>[H]<plaintext></plaintext><body>", inject("<head><plaintext></plaintext><body>"));
    }

    // ---- templates ----

    @Test
    void injectWhenTagsInsideTemplateThenIgnored() {
        assertEquals("<template><head><body></template><head>[H]<body>[B]",
                inject("<template><head><body></template><head><body>"));
    }

    @Test
    void injectWhenTemplatesNestThenIgnoredUntilOutermostEnds() {
        assertEquals("<template><template></template><body></TEMPLATE><body>[B]",
                inject("<template><template></template><body></TEMPLATE><body>"));
        assertEquals("</template><body>[B]", inject("</template><body>"));
    }

    // ---- where a tag is not ----

    @Test
    void injectWhenAttributeValuesContainTagsThenSkipped() {
        assertEquals("<div title=\"a > b <body>\" data-x='<head>'><head>[H]<body>[B]",
                inject("<div title=\"a > b <body>\" data-x='<head>'><head><body>"));
    }

    @Test
    void injectWhenUnquotedValueContainsLessThanThenValueEndsAtGreaterThan() {
        assertEquals("<div data-x=a<body><body>[B]", inject("<div data-x=a<body><body>"));
        assertEquals("<a href=/x/>text<body>[B]", inject("<a href=/x/>text<body>"));
    }

    @Test
    void injectWhenBodyIsAnotherTagsAttributeNameThenSkipped() {
        assertEquals("<div <body><body>[B]", inject("<div <body><body>"));
        assertEquals("<div a=\"x\"<body><body>[B]", inject("<div a=\"x\"<body><body>"));
    }

    @Test
    void injectWhenLessThanNotFollowedByLetterThenText() {
        assertEquals("a < body> 1<2 <<body>[B]", inject("a < body> 1<2 <<body>"));
        assertEquals("<3<body>[B]", inject("<3<body>"));
    }

    @Test
    void injectWhenTagNameRunsIntoAnotherTagThenOneLongName() {
        assertEquals("<div<body>x<body>[B]", inject("<div<body>x<body>"));
    }

    @Test
    void injectWhenNonAsciiWhitespaceAfterNameThenNotBody() {
        // NO-BREAK SPACE is not HTML white space: the tag is named "body\u00a0class=x".
        assertEquals("<body\u00a0class=x><body>[B]", inject("<body\u00a0class=x><body>"));
        assertEquals("<b\u00f6dy><body>[B]", inject("<b\u00f6dy><body>"));
    }

    @Test
    void injectWhenPageEndsInsideBodyTagThenNothing() {
        assertEquals("<body class=\"a>", inject("<body class=\"a>"));
        assertEquals("<body", inject("<body"));
    }

    // ---- memory ----

    @Test
    void injectWhenAttributeValueIsOneMegabyteThenFoundAndScannerStaysSmall() {
        String huge = "x<body>\"".repeat(128 * 1024);
        String page = "<head data-a='" + huge + "'><body data-b='" + huge + "' data-c=" + "y".repeat(1 << 20) + ">";
        HtmlScanner scanner = new HtmlScanner();
        int headAt = -1;
        int bodyAt = -1;
        for (int i = 0; i < page.length(); i++) {
            HtmlScanner.Point point = scanner.feed(page.charAt(i));
            if (point == HtmlScanner.Point.HEAD) {
                headAt = i + 1;
            } else if (point == HtmlScanner.Point.BODY) {
                bodyAt = i + 1;
            }
            if (i == page.length() / 2) {
                Injections.assertHoldsAtMost(scanner, 16); // in the middle of a megabyte of attribute
            }
        }
        assertEquals(page.indexOf("'><body") + 2, headAt);
        assertEquals(page.length(), bodyAt);
        assertTrue(scanner.isDone());
        Injections.assertHoldsAtMost(scanner, 16);
    }

    @Test
    void scanWhenTagNameIsOneMegabyteThenScannerStaysSmall() {
        HtmlScanner scanner = new HtmlScanner();
        scanner.feed('<');
        for (int i = 0; i < 1 << 20; i++) {
            assertEquals(HtmlScanner.Point.NONE, scanner.feed('b'));
        }
        Injections.assertHoldsAtMost(scanner, 16);
        assertEquals(HtmlScanner.Point.NONE, scanner.feed('>'));
        assertFalse(scanner.isDone());
    }

    @Test
    void scanWhenBytesAboveAsciiThenTreatedAsText() {
        HtmlScanner scanner = new HtmlScanner();
        // ISO-8859-1 "<bÖdy>" then a real "<body>"; 0xC4 | 0x20 is not a letter either.
        int[] page = {'<', 'b', 0xD6, 'd', 'y', '>', '<', 0xC4, '>', '<', 'b', 'o', 'd', 'y', '>'};
        for (int i = 0; i < page.length - 1; i++) {
            assertEquals(HtmlScanner.Point.NONE, scanner.feed(page[i]));
        }
        assertEquals(HtmlScanner.Point.BODY, scanner.feed('>'));
    }

    @Test
    void toStringWhenDoneThenSaysSo() {
        HtmlScanner scanner = new HtmlScanner();
        "<body>".chars().forEach(scanner::feed);
        assertTrue(scanner.toString().contains("done=true"), scanner.toString());
    }
}
