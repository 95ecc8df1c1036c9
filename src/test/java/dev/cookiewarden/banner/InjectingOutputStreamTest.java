package dev.cookiewarden.banner;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InjectingOutputStreamTest {
    private static final byte[] HEAD = "<link rel=stylesheet href=/cw.css>".getBytes(US_ASCII);
    private static final byte[] BODY = "<div id=cw-banner></div>".getBytes(US_ASCII);
    private static final String PAGE = "<!DOCTYPE html><html><head><title>Shop</title></head>"
            + "<body class=\"home\"><p>Caf\u00e9 \uD83C\uDF6A</p></body></html>";
    private static final String INJECTED = "<!DOCTYPE html><html><head><link rel=stylesheet href=/cw.css><title>Shop</title></head>"
            + "<body class=\"home\"><div id=cw-banner></div><p>Caf\u00e9 \uD83C\uDF6A</p></body></html>";

    /** Keeps every call, so that tests can see how writes were passed on. */
    private static final class Recorder extends ByteArrayOutputStream {
        final List<String> calls = new ArrayList<>();
        int flushes;
        int closes;

        @Override
        public synchronized void write(int b) {
            calls.add("1");
            super.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            calls.add(new String(b, off, len, UTF_8));
            super.write(b, off, len);
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
    void injectWhenWholePageInOneWriteThenBothSnippetsInserted() throws IOException {
        Recorder out = new Recorder();
        InjectingOutputStream stream = new InjectingOutputStream(out, HEAD, BODY);
        stream.write(PAGE.getBytes(UTF_8));
        assertEquals(INJECTED, out.toString(UTF_8));
        assertTrue(stream.headInjected());
        assertTrue(stream.bodyInjected());
        // Passed on at once, around the snippets: nothing held back, nothing copied.
        assertEquals(List.of("<!DOCTYPE html><html><head>", HEAD_TEXT, "<title>Shop</title></head><body class=\"home\">",
                BODY_TEXT, "<p>Caf\u00e9 \uD83C\uDF6A</p></body></html>"), out.calls);
    }

    @Test
    void injectWhenBodyTagSplitAcrossWritesThenInsertedOnce() throws IOException {
        Recorder out = new Recorder();
        InjectingOutputStream stream = new InjectingOutputStream(out, null, BODY);
        stream.write("<html><bo".getBytes(US_ASCII));
        assertEquals("<html><bo", out.toString(UTF_8), "the first part is passed on at once");
        assertFalse(stream.bodyInjected());
        stream.write("dy>".getBytes(US_ASCII));
        assertTrue(stream.bodyInjected());
        stream.write("<body>".getBytes(US_ASCII));
        assertEquals("<html><body><div id=cw-banner></div><body>", out.toString(UTF_8));
    }

    @Test
    void injectWhenSplitAtEveryPairOfPointsThenSameOutput() throws IOException {
        byte[] page = PAGE.getBytes(UTF_8);
        for (int i = 0; i <= page.length; i++) {
            for (int j = i; j <= page.length; j++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                InjectingOutputStream stream = new InjectingOutputStream(out, HEAD, BODY);
                stream.write(page, 0, i);
                stream.write(page, i, j - i);
                stream.write(page, j, page.length - j);
                assertEquals(INJECTED, out.toString(UTF_8), "split at " + i + " and " + j);
            }
        }
    }

    @Test
    void injectWhenOneByteAtATimeThenSameOutput() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InjectingOutputStream stream = new InjectingOutputStream(out, HEAD, BODY);
        for (byte b : PAGE.getBytes(UTF_8)) {
            stream.write(b);
        }
        assertEquals(INJECTED, out.toString(UTF_8));
    }

    @Test
    void writeWhenNoInsertionPointInChunkThenPassedOnInOneCall() throws IOException {
        Recorder out = new Recorder();
        InjectingOutputStream stream = new InjectingOutputStream(out, HEAD, BODY);
        stream.write("<!doctype html><html lang=en>".getBytes(US_ASCII));
        stream.write("<head><title>".getBytes(US_ASCII));
        assertEquals(List.of("<!doctype html><html lang=en>", "<head>", HEAD_TEXT, "<title>"), out.calls);
    }

    private static final String HEAD_TEXT = new String(HEAD, US_ASCII);

    /** Writes the pieces, as UTF-8, and returns what the delegate got in each call. */
    private static List<String> callsFor(String... pieces) throws IOException {
        Recorder out = new Recorder();
        InjectingOutputStream stream = new InjectingOutputStream(out, HEAD, BODY);
        for (String piece : pieces) {
            stream.write(piece.getBytes(UTF_8));
        }
        return out.calls;
    }

    private static final String BODY_TEXT = new String(BODY, US_ASCII);

    @Test
    void writeWhenLessThanIsLastByteOfAWriteThenTagStillFoundAndTheWritePassedOnAroundItsSnippet() throws IOException {
        assertEquals(List.of("<html><", "head>", HEAD_TEXT, "text <", "body>", BODY_TEXT, "x"),
                callsFor("<html><", "head>text <", "body>x"));
        assertEquals(List.of("<", "/x><", "body>", BODY_TEXT), callsFor("<", "/x><", "body>"));
    }

    @Test
    void writeWhenCommentEndSplitAcrossWritesThenBodyInsideCommentSkipped() throws IOException {
        // "-" then "->", "--" then ">", and a false end "- ->" in the middle.
        assertEquals(List.of("<!-- <body> -", "->", "<body>", BODY_TEXT), callsFor("<!-- <body> -", "->", "<body>"));
        assertEquals(List.of("<!-- <body> --", "><body>", BODY_TEXT), callsFor("<!-- <body> --", "><body>"));
        assertEquals(List.of("<!-- -", " -><body>", "--><body>", BODY_TEXT), callsFor("<!-- -", " -><body>", "--><body>"));
    }

    @Test
    void writeWhenQuoteSplitAcrossWritesThenValueSkippedToItsOwnQuote() throws IOException {
        assertEquals(List.of("<p a=\"", "<body>\"", "><body>", BODY_TEXT), callsFor("<p a=\"", "<body>\"", "><body>"));
        assertEquals(List.of("<p a='\"<body>", "'><body>", BODY_TEXT), callsFor("<p a='\"<body>", "'><body>"));
        assertEquals(List.of("<p a=", "'>'", "><body>", BODY_TEXT), callsFor("<p a=", "'>'", "><body>"));
    }

    @Test
    void writeWhenHighBytesAroundTagsThenTextAndTagsFoundAcrossCuts() throws IOException {
        byte[] page = "\u00e9<\u00e9body>\u013c<head\u00e9>\uFF1C<body>\u00e9".getBytes(UTF_8);
        for (int cut = 0; cut <= page.length; cut++) {
            Recorder out = new Recorder();
            InjectingOutputStream stream = new InjectingOutputStream(out, HEAD, BODY);
            stream.write(page, 0, cut);
            stream.write(page, cut, page.length - cut);
            assertEquals("\u00e9<\u00e9body>\u013c<head\u00e9>\uFF1C<body>" + BODY_TEXT + "\u00e9", out.toString(UTF_8),
                    "cut at " + cut);
            assertFalse(stream.headInjected(), "<head\u00e9> is another tag");
        }
    }

    @Test
    void writeWhenLongPageWithoutBodyThenEachWritePassedOnInOneCall() throws IOException {
        Recorder out = new Recorder();
        InjectingOutputStream stream = new InjectingOutputStream(out, HEAD, BODY);
        String block = "<p class=\"x\">caf\u00e9 <a href='/y'>y</a><!-- c --></p><script>if (a<b) {}</script>\n".repeat(200);
        for (int i = 0; i < 5; i++) {
            stream.write(block.getBytes(UTF_8));
        }
        assertEquals(5, out.calls.size());
        assertEquals(block.repeat(5), out.toString(UTF_8));
        assertTrue(stream.toString().contains("scanning=true"), stream.toString());
    }

    @Test
    void writeWhenBodyInjectedThenLaterWritesGoStraightThrough() throws IOException {
        Recorder out = new Recorder();
        InjectingOutputStream stream = new InjectingOutputStream(out, HEAD, BODY);
        stream.write("<body>".getBytes(US_ASCII));
        out.calls.clear();
        byte[] rest = "<head><body><!-- <body> -->".getBytes(US_ASCII);
        stream.write(rest, 2, rest.length - 2);
        stream.write('x');
        assertEquals(List.of("ead><body><!-- <body> -->", "1"), out.calls);
        assertFalse(stream.headInjected(), "a head after the body is not reported");
        assertTrue(stream.toString().contains("scanning=false"), stream.toString());
    }

    @Test
    void writeWhenRangeGivenThenOnlyThatRangeScannedAndWritten() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InjectingOutputStream stream = new InjectingOutputStream(out, HEAD, BODY);
        byte[] b = "<body>xx<body>yy".getBytes(US_ASCII);
        stream.write(b, 6, 8);
        assertEquals("xx<body><div id=cw-banner></div>", out.toString(UTF_8));
    }

    @Test
    void writeWhenRangeOutOfBoundsThenIndexOutOfBounds() {
        InjectingOutputStream stream = new InjectingOutputStream(new ByteArrayOutputStream(), HEAD, BODY);
        byte[] b = new byte[4];
        assertThrows(IndexOutOfBoundsException.class, () -> stream.write(b, 3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> stream.write(b, -1, 1));
        assertThrows(NullPointerException.class, () -> stream.write(null, 0, 0));
    }

    @Test
    void stopScanningWhenCalledThenNothingInjectedAfterwards() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InjectingOutputStream stream = new InjectingOutputStream(out, HEAD, BODY);
        stream.write("<head>".getBytes(US_ASCII));
        stream.stopScanning();
        stream.write("<body>".getBytes(US_ASCII));
        assertEquals("<head>" + HEAD_TEXT + "<body>", out.toString(UTF_8));
        assertTrue(stream.headInjected());
        assertFalse(stream.bodyInjected());
    }

    @Test
    void injectWhenSnippetsNullOrEmptyThenPageUnchanged() throws IOException {
        for (byte[] none : new byte[][] {null, new byte[0]}) {
            Recorder out = new Recorder();
            InjectingOutputStream stream = new InjectingOutputStream(out, none, none);
            stream.write(PAGE.getBytes(UTF_8));
            assertEquals(PAGE, out.toString(UTF_8));
            assertEquals(1, out.calls.size(), "nothing to insert, nothing scanned");
            assertFalse(stream.headInjected() || stream.bodyInjected());
        }
    }

    @Test
    void injectWhenOnlyHeadSnippetThenScanningStopsAfterHead() throws IOException {
        Recorder out = new Recorder();
        InjectingOutputStream stream = new InjectingOutputStream(out, HEAD, null);
        stream.write("<head><body>".getBytes(US_ASCII));
        assertEquals("<head>" + HEAD_TEXT + "<body>", out.toString(UTF_8));
        assertTrue(stream.headInjected());
        assertFalse(stream.bodyInjected());
        assertTrue(stream.toString().contains("scanning=false"), stream.toString());
    }

    @Test
    void injectWhenOnlyHeadSnippetAndBodyComesFirstThenNothing() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InjectingOutputStream stream = new InjectingOutputStream(out, HEAD, null);
        stream.write("<body><head>".getBytes(US_ASCII));
        assertEquals("<body><head>", out.toString(UTF_8));
        assertFalse(stream.headInjected());
    }

    @Test
    void injectWhenOnlyBodySnippetThenHeadLeftAlone() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InjectingOutputStream stream = new InjectingOutputStream(out, new byte[0], BODY);
        stream.write("<head></head><body>".getBytes(US_ASCII));
        assertEquals("<head></head><body><div id=cw-banner></div>", out.toString(UTF_8));
        assertFalse(stream.headInjected());
        assertTrue(stream.bodyInjected());
    }

    @Test
    void injectWhenPlaintextThenScanningStops() throws IOException {
        InjectingOutputStream stream = new InjectingOutputStream(new ByteArrayOutputStream(), HEAD, BODY);
        stream.write("<plaintext><body>".getBytes(US_ASCII));
        assertFalse(stream.bodyInjected());
        assertTrue(stream.toString().contains("scanning=false"), stream.toString());
    }

    @Test
    void injectWhenPageIsLatin1ThenHighBytesAreText() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InjectingOutputStream stream = new InjectingOutputStream(out, HEAD, BODY);
        String page = "<head><title>D\u00e9j\u00e0 vu \u00bc</title><b\u00f6dy></head><body>\u00ff";
        stream.write(page.getBytes(ISO_8859_1));
        assertEquals("<head>" + HEAD_TEXT + "<title>D\u00e9j\u00e0 vu \u00bc</title><b\u00f6dy></head><body>"
                + new String(BODY, US_ASCII) + "\u00ff", out.toString(ISO_8859_1));
    }

    @Test
    void constructorWhenSnippetNotAsciiThenRejectedNamingTheByte() {
        byte[] bad = "<p>Caf\u00e9</p>".getBytes(UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InjectingOutputStream(new ByteArrayOutputStream(), null, bad));
        assertEquals("The bodySnippet byte [0xc3] at index [6] is not US-ASCII; escape it as an HTML character reference",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new InjectingOutputStream(new ByteArrayOutputStream(), bad, null));
    }

    @Test
    void constructorWhenDelegateNullThenNullPointer() {
        assertThrows(NullPointerException.class, () -> new InjectingOutputStream(null, HEAD, BODY));
    }

    @Test
    void constructorWhenSnippetChangedAfterwardsThenOriginalInjected() throws IOException {
        byte[] body = "<i>".getBytes(US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InjectingOutputStream stream = new InjectingOutputStream(out, null, body);
        body[1] = 'b';
        stream.write("<body>".getBytes(US_ASCII));
        assertEquals("<body><i>", out.toString(UTF_8));
    }

    @Test
    void flushAndCloseWhenCalledThenDelegated() throws IOException {
        Recorder out = new Recorder();
        InjectingOutputStream stream = new InjectingOutputStream(out, HEAD, BODY);
        stream.flush();
        stream.close();
        assertEquals(1, out.flushes);
        assertEquals(1, out.closes);
    }

    @Test
    void injectWhenDelegateReceivesBytesThenSnippetBytesAreExact() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new InjectingOutputStream(out, HEAD, BODY).write("<body>".getBytes(US_ASCII));
        byte[] expected = new byte["<body>".length() + BODY.length];
        System.arraycopy("<body>".getBytes(US_ASCII), 0, expected, 0, 6);
        System.arraycopy(BODY, 0, expected, 6, BODY.length);
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void injectorWhenLongPageStreamedThenHoldsNothingThatGrows() throws IOException {
        InjectingOutputStream stream = new InjectingOutputStream(OutputStreamSink.INSTANCE, HEAD, BODY);
        byte[] chunk = "<p title=\"<body>\">text</p><!-- <body> -->".repeat(1000).getBytes(US_ASCII);
        stream.write("<head data-x='".getBytes(US_ASCII));
        for (int i = 0; i < 100; i++) {
            stream.write(chunk);
        }
        Injections.assertHoldsAtMost(stream, Math.max(HEAD.length, BODY.length));
    }

    /** A page written in one write of {@code length} bytes, with both points near its start. */
    private static byte[] pageOfLength(int length) {
        String start = "<html><head><title>t</title></head><body>";
        String end = "</body></html>";
        return (start + "x".repeat(length - start.length() - end.length()) + end).getBytes(US_ASCII);
    }

    @Test
    void writeWhenASnippetsPlaceIsInAWriteThenThePageGoesOnInPiecesOfAtMostThePieceSize() throws IOException {
        for (int pieceSize : new int[] {InjectingOutputStream.DEFAULT_PIECE_SIZE, 1000, 7, 1}) {
            for (int length : new int[] {60, 1000, 8 * 1024 + 1, 3 * 8 * 1024 + 5}) {
                byte[] page = pageOfLength(length);
                Recorder out = new Recorder();
                InjectingOutputStream stream = new InjectingOutputStream(out, HEAD, BODY);
                if (pieceSize != InjectingOutputStream.DEFAULT_PIECE_SIZE) {
                    stream.pieceSize(pieceSize);
                }
                stream.write(page);
                String where = "piece size " + pieceSize + ", page of " + length;
                String expected = new String(page, US_ASCII).replace("<head>", "<head>" + HEAD_TEXT)
                        .replace("<body>", "<body>" + BODY_TEXT);
                assertEquals(expected, out.toString(UTF_8), where);
                // Each snippet is a write of its own; the page's bytes around them are pieces.
                int head = out.calls.indexOf(HEAD_TEXT);
                int body = out.calls.indexOf(BODY_TEXT);
                assertTrue(head > 0 && body > head, where);
                int pageCalls = 0;
                for (int i = 0; i < out.calls.size(); i++) {
                    if (i != head && i != body) {
                        int bytes = out.calls.get(i).getBytes(UTF_8).length;
                        assertTrue(bytes >= 1 && bytes <= pieceSize, where + ": a piece of " + bytes);
                        pageCalls++;
                    }
                }
                int before = "<html><head>".length();
                int between = "<title>t</title></head><body>".length();
                int after = length - before - between;
                assertEquals(pieces(before, pieceSize) + pieces(between, pieceSize) + pieces(after, pieceSize), pageCalls,
                        where);
            }
        }
    }

    private static int pieces(int bytes, int pieceSize) {
        return (bytes + pieceSize - 1) / pieceSize;
    }

    @Test
    void pieceSizeWhenNotPositiveThenRejected() {
        InjectingOutputStream stream = new InjectingOutputStream(new ByteArrayOutputStream(), HEAD, BODY);
        assertThrows(IllegalArgumentException.class, () -> stream.pieceSize(0));
        assertThrows(IllegalArgumentException.class, () -> stream.pieceSize(-1));
        assertTrue(stream.toString().contains("pieceSize=8192"), stream.toString());
    }

    @Test
    void writeWhenNonBlockingThenEveryWriteIsOneCallWhateverItsSize() throws IOException {
        byte[] page = pageOfLength(3 * InjectingOutputStream.DEFAULT_PIECE_SIZE);
        Recorder out = new Recorder();
        InjectingOutputStream stream = new InjectingOutputStream(out, HEAD, BODY);
        stream.nonBlocking();
        stream.write(page);
        assertEquals(1, out.calls.size(), "a second write before isReady() is an error in non-blocking mode");
        assertEquals(page.length + HEAD.length + BODY.length, out.size());

        Recorder bytes = new Recorder();
        InjectingOutputStream byteByByte = new InjectingOutputStream(bytes, HEAD, BODY);
        byteByByte.nonBlocking();
        for (byte b : PAGE.getBytes(UTF_8)) {
            byteByByte.write(b);
        }
        assertEquals(INJECTED, bytes.toString(UTF_8));
        assertEquals(PAGE.getBytes(UTF_8).length, bytes.calls.size(), "one call per byte, snippets joined to theirs");
        assertTrue(bytes.calls.contains(">" + HEAD_TEXT), bytes.calls.toString());
        assertTrue(bytes.calls.contains(">" + BODY_TEXT), bytes.calls.toString());
    }

    @Test
    void writeWhenOneByteCompletesATagThenByteAndSnippetInOneCall() throws IOException {
        Recorder out = new Recorder();
        InjectingOutputStream stream = new InjectingOutputStream(out, HEAD, BODY);
        stream.write("<html><head".getBytes(US_ASCII));
        stream.write('>');
        stream.write('<');
        assertEquals(List.of("<html><head", ">" + HEAD_TEXT, "1"), out.calls);
    }

    /** Keeps the identity of every array it is given, and can fail. */
    private static final class ArrayRecorder extends java.io.OutputStream {
        final List<byte[]> arrays = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean fail;

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (fail) {
                throw new IOException("connection reset");
            }
            arrays.add(b);
            bytes.write(b, off, len);
        }
    }

    @Test
    void writeWhenInPiecesThenThePagesOwnArrayIsPassedOnAndAFailedWriteIsNotRetried() throws IOException {
        PageSnippets snippets = new PageSnippets(HEAD_TEXT, BODY_TEXT);
        byte[] page = PAGE.getBytes(UTF_8);
        ArrayRecorder out = new ArrayRecorder();
        new InjectingOutputStream(out, snippets, new ScanMemo(), new ResyncMemo()).write(page);
        assertEquals(INJECTED, out.bytes.toString(UTF_8));
        assertEquals(5, out.arrays.size(), "the page's bytes, a snippet, bytes, a snippet, bytes");
        for (int i : new int[] {0, 2, 4}) {
            assertSame(page, out.arrays.get(i), "the page is never copied: piece " + i);
        }

        ArrayRecorder failing = new ArrayRecorder();
        failing.fail = true;
        InjectingOutputStream stream = new InjectingOutputStream(failing, snippets, new ScanMemo(), new ResyncMemo());
        assertThrows(IOException.class, () -> stream.write(page));
        assertTrue(stream.bodyInjected(), "a failed write is not retried");
        assertTrue(stream.headInjected(), "a failed write is not retried");
    }

    /** Discards everything. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
