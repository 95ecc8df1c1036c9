package dev.cookiewarden.banner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InjectingWriterTest {
    private static final String HEAD = "<link rel=stylesheet href=/cw.css>";
    private static final String BODY = "<div id=cw-banner></div>";
    private static final String PAGE = "<!DOCTYPE html><html><head><title>\u30af\u30c3\u30ad\u30fc</title></head>"
            + "<body><p>\uD83C\uDF6A</p></body></html>";
    private static final String INJECTED = "<!DOCTYPE html><html><head>" + HEAD + "<title>\u30af\u30c3\u30ad\u30fc</title></head>"
            + "<body>" + BODY + "<p>\uD83C\uDF6A</p></body></html>";

    /** Keeps every call, so that tests can see how writes were passed on. */
    private static final class Recorder extends Writer {
        final StringBuilder text = new StringBuilder();
        final List<String> calls = new ArrayList<>();
        int flushes;
        int closes;

        @Override
        public void write(char[] cbuf, int off, int len) {
            calls.add(new String(cbuf, off, len));
            text.append(cbuf, off, len);
        }

        @Override
        public void write(String str, int off, int len) {
            calls.add(str.substring(off, off + len));
            text.append(str, off, off + len);
        }

        @Override
        public void write(int c) {
            calls.add("1");
            text.append((char) c);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            closes++;
        }
    }

    @Test
    void injectWhenWholePageAsStringThenBothSnippetsInserted() throws IOException {
        Recorder out = new Recorder();
        InjectingWriter writer = new InjectingWriter(out, HEAD, BODY);
        writer.write(PAGE);
        assertEquals(INJECTED, out.text.toString());
        assertEquals(5, out.calls.size(), out.calls.toString());
        assertTrue(writer.headInjected());
        assertTrue(writer.bodyInjected());
    }

    @Test
    void injectWhenBodyTagSplitAcrossWritesThenInsertedOnce() throws IOException {
        Recorder out = new Recorder();
        InjectingWriter writer = new InjectingWriter(out, null, BODY);
        writer.write("<html><bo");
        assertEquals("<html><bo", out.text.toString(), "the first part is passed on at once");
        writer.write("dy>".toCharArray());
        writer.append("<body>");
        assertEquals("<html><body>" + BODY + "<body>", out.text.toString());
        assertTrue(writer.bodyInjected());
    }

    @Test
    void injectWhenScriptEndTagSplitAcrossWritesThenScriptStillEnds() throws IOException {
        StringWriter out = new StringWriter();
        InjectingWriter writer = new InjectingWriter(out, null, BODY);
        for (String piece : new String[] {"<script>var s='<body>';</scr", "ipt", "><bo", "dy", ">"}) {
            writer.write(piece);
        }
        assertEquals("<script>var s='<body>';</script><body>" + BODY, out.toString());
    }

    @Test
    void injectWhenSplitAtEveryPairOfPointsWithEveryOverloadThenSameOutput() throws IOException {
        char[] chars = PAGE.toCharArray();
        for (int i = 0; i <= PAGE.length(); i++) {
            for (int j = i; j <= PAGE.length(); j++) {
                StringWriter out = new StringWriter();
                InjectingWriter writer = new InjectingWriter(out, HEAD, BODY);
                writer.write(PAGE, 0, i);
                writer.write(chars, i, j - i);
                writer.append(PAGE, j, PAGE.length());
                assertEquals(INJECTED, out.toString(), "split at " + i + " and " + j);
            }
        }
    }

    /** Writes the pieces, in turn as a string, a char array and a range of a longer string. */
    private static List<String> callsFor(String... pieces) throws IOException {
        Recorder out = new Recorder();
        InjectingWriter writer = new InjectingWriter(out, HEAD, BODY);
        for (int i = 0; i < pieces.length; i++) {
            switch (i % 3) {
                case 0 -> writer.write(pieces[i]);
                case 1 -> writer.write(pieces[i].toCharArray());
                default -> writer.write("<body>" + pieces[i] + "<body>", 6, pieces[i].length());
            }
        }
        return out.calls;
    }

    @Test
    void writeWhenLessThanIsLastCharOfAWriteThenTagStillFoundAndEachWriteOneCall() throws IOException {
        assertEquals(List.of("<html><", "head>", HEAD, "text <", "body>", BODY, "x"), callsFor("<html><", "head>text <", "body>x"));
        assertEquals(List.of("<", "/x><", "body>", BODY), callsFor("<", "/x><", "body>"));
        assertEquals(List.of("<p>", "<", "body>", BODY), callsFor("<p>", "<", "body>"));
    }

    @Test
    void writeWhenCommentEndSplitAcrossWritesThenBodyInsideCommentSkipped() throws IOException {
        assertEquals(List.of("<!-- <body> -", "->", "<body>", BODY), callsFor("<!-- <body> -", "->", "<body>"));
        assertEquals(List.of("<!-- <body> --", "><body>", BODY), callsFor("<!-- <body> --", "><body>"));
        assertEquals(List.of("<!-- -", " -><body>", "--><body>", BODY), callsFor("<!-- -", " -><body>", "--><body>"));
    }

    @Test
    void writeWhenQuoteSplitAcrossWritesThenValueSkippedToItsOwnQuote() throws IOException {
        assertEquals(List.of("<p a=\"", "<body>\"", "><body>", BODY), callsFor("<p a=\"", "<body>\"", "><body>"));
        assertEquals(List.of("<p a='\"<body>", "'><body>", BODY), callsFor("<p a='\"<body>", "'><body>"));
        assertEquals(List.of("<p a=", "'>'", "><body>", BODY), callsFor("<p a=", "'>'", "><body>"));
    }

    @Test
    void writeWhenCharsShareTheLowByteOfLessThanThenText() throws IOException {
        // U+013C, U+3C00 and U+FF1C are not "<", whatever their bytes.
        String page = "\u013cbody>\u3c00body>\uff1cbody><\u00e9body><body>x";
        for (int cut = 0; cut <= page.length(); cut++) {
            Recorder out = new Recorder();
            InjectingWriter writer = new InjectingWriter(out, HEAD, BODY);
            writer.write(page, 0, cut);
            writer.write(page.toCharArray(), cut, page.length() - cut);
            assertEquals(page.replace("<body>", "<body>" + BODY), out.text.toString(), "cut at " + cut);
        }
    }

    @Test
    void writeWhenLongPageWithoutBodyThenEachWritePassedOnInOneCall() throws IOException {
        Recorder out = new Recorder();
        InjectingWriter writer = new InjectingWriter(out, HEAD, BODY);
        String block = "<p class=\"x\">caf\u00e9 <a href='/y'>y</a><!-- c --></p><script>if (a<b) {}</script>\n".repeat(200);
        writer.write(block);
        writer.write(block.toCharArray());
        writer.write(block + block, 3, block.length());
        assertEquals(3, out.calls.size());
        assertEquals(block + block + (block + block).substring(3, 3 + block.length()), out.text.toString());
        assertTrue(writer.toString().contains("scanning=true"), writer.toString());
    }

    @Test
    void injectWhenOneCharAtATimeThenSameOutput() throws IOException {
        StringWriter out = new StringWriter();
        InjectingWriter writer = new InjectingWriter(out, HEAD, BODY);
        PAGE.chars().forEach(c -> {
            try {
                writer.write(c);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(INJECTED, out.toString());
    }

    @Test
    void writeWhenBodyInjectedThenLaterWritesGoStraightThrough() throws IOException {
        Recorder out = new Recorder();
        InjectingWriter writer = new InjectingWriter(out, HEAD, BODY);
        writer.write("<body>");
        out.calls.clear();
        writer.write("<head><body>", 1, 5);
        writer.write("<body>".toCharArray(), 0, 6);
        writer.write('x');
        assertEquals(List.of("head>", "<body>", "1"), out.calls);
        assertFalse(writer.headInjected());
    }

    @Test
    void writeWhenRangeOutOfBoundsThenIndexOutOfBounds() {
        InjectingWriter writer = new InjectingWriter(new StringWriter(), HEAD, BODY);
        assertThrows(IndexOutOfBoundsException.class, () -> writer.write("abc", 2, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> writer.write(new char[3], -1, 1));
    }

    @Test
    void stopScanningWhenCalledThenNothingInjectedAfterwards() throws IOException {
        StringWriter out = new StringWriter();
        InjectingWriter writer = new InjectingWriter(out, HEAD, BODY);
        writer.stopScanning();
        writer.write("<head><body>");
        assertEquals("<head><body>", out.toString());
        assertFalse(writer.headInjected() || writer.bodyInjected());
    }

    @Test
    void injectWhenSnippetsNullOrEmptyThenPageUnchanged() throws IOException {
        Recorder out = new Recorder();
        InjectingWriter writer = new InjectingWriter(out, "", null);
        writer.write(PAGE);
        assertEquals(List.of(PAGE), out.calls);
    }

    @Test
    void injectWhenOnlyHeadSnippetThenScanningStopsAfterHead() throws IOException {
        StringWriter out = new StringWriter();
        InjectingWriter writer = new InjectingWriter(out, HEAD, "");
        writer.write("<head><body>");
        assertEquals("<head>" + HEAD + "<body>", out.toString());
        assertTrue(writer.toString().contains("scanning=false"), writer.toString());
    }

    @Test
    void constructorWhenSnippetNotAsciiThenRejectedNamingTheCharacter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InjectingWriter(new StringWriter(), "<p>\u00e9</p>", BODY));
        assertEquals("The headSnippet character [U+00E9] at index [3] is not US-ASCII; escape it as an HTML character reference",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new InjectingWriter(new StringWriter(), null, "\uD83C\uDF6A"));
    }

    @Test
    void constructorWhenDelegateNullThenNullPointer() {
        assertThrows(NullPointerException.class, () -> new InjectingWriter(null, HEAD, BODY));
    }

    @Test
    void flushAndCloseWhenCalledThenDelegated() throws IOException {
        Recorder out = new Recorder();
        InjectingWriter writer = new InjectingWriter(out, HEAD, BODY);
        writer.flush();
        writer.close();
        assertEquals(1, out.flushes);
        assertEquals(1, out.closes);
    }

    @Test
    void injectorWhenLongPageWrittenThenHoldsNothingThatGrows() throws IOException {
        InjectingWriter writer = new InjectingWriter(Writer.nullWriter(), HEAD, BODY);
        String chunk = "<p title=\"<body>\">text</p><!-- <body> -->".repeat(1000);
        writer.write("<head data-x='");
        for (int i = 0; i < 100; i++) {
            writer.write(chunk);
        }
        Injections.assertHoldsAtMost(writer, Math.max(HEAD.length(), BODY.length()));
    }
}
